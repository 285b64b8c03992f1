// Two real Node socket.io 4.8 nodes (A and B) with @socket.io/redis-adapter 8.3's classic createAdapter (node-redis
// 4.7), and one socket.io-client connected to B, performing a fixed list of cluster operations from A, so a C# test
// subscribed to `socket.io*` can record every byte Node publishes for each of them.
//
// Usage: node interop-tests/tools/classic-capture.mjs <redis url> [specific]
//   specific: node B answers on the requester's own response channel (publishOnSpecificResponseChannel).
//
// Before each operation A publishes its name on the channel `socket.io-capture` and waits for the operation to end,
// so the messages between two markers belong to the operation named by the first. Run it with TZ=UTC so
// handshake.time reads as .NET writes it.
//
// stdout, one JSON line at the end:
//   {"uidA", "uidB", "socketId", "operations": [names], "results": {fetchSockets, serverSideEmitWithAck, emitWithAck,
//    remoteEmitWithAck, allRooms}}
import { createServer } from "node:http";
import { createClient } from "redis";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { createAdapter } from "@socket.io/redis-adapter";

const [redisUrl, mode] = process.argv.slice(2);
const specific = mode === "specific";
const redisClients = [];

async function startNode(options) {
  const pubClient = createClient({ url: redisUrl });
  const subClient = pubClient.duplicate();
  for (const client of [pubClient, subClient]) {
    client.on("error", (error) => process.stderr.write(`redis: ${error.message}\n`));
    redisClients.push(client);
  }

  await Promise.all([pubClient.connect(), subClient.connect()]);
  const httpServer = createServer();
  const io = new Server(httpServer, { adapter: createAdapter(pubClient, subClient, { requestsTimeout: 3000, ...options }) });
  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  return { io, pubClient, port: httpServer.address().port };
}

const a = await startNode({});
const b = await startNode({ publishOnSpecificResponseChannel: specific });

// B: one socket in "lobby" and the numeric room 123, with data; listeners for server-side emits.
let serverSocket;
b.io.on("connection", (socket) => {
  socket.data = { name: "b", n: 1 };
  socket.join(["lobby", 123]);
  serverSocket = socket;
});
b.io.on("hello", () => {});
b.io.on("count", (value, ack) => ack(value + 1));

const client = connect(`http://127.0.0.1:${b.port}`, { auth: { token: "t" }, transports: ["websocket"], reconnection: false });
client.on("ping", (value, ack) => ack(`pong ${value}`));
await new Promise((resolve, reject) => {
  client.once("connect", resolve);
  client.once("connect_error", reject);
});
while (!serverSocket) await new Promise((resolve) => setImmediate(resolve));

// Subscriptions are asynchronous: wait until Redis counts both nodes.
while ((await a.io.of("/").adapter.serverCount()) !== 2) await new Promise((resolve) => setTimeout(resolve, 10));

const io = a.io;
const results = {};
let remote;
const operations = [
  ["broadcastToRoom", () => io.to("lobby").emit("chat", "hi", 1.5, Buffer.from([1, 2]))],
  ["broadcastExceptVolatile", () => io.except("quiet").volatile.emit("news", { a: 1 })],
  ["broadcastToRoomsUncompressed", () => io.compress(false).to(["r1", "r2"]).emit("multi", "x")],
  ["broadcastToNumericRoom", () => io.to(123).emit("num", 7)],
  ["broadcastBinary", () => io.emit("bin", Buffer.from([1, 2, 3]), { nested: Buffer.from([4]) })],
  ["socketsJoin", () => io.in("lobby").socketsJoin(["room2"])],
  ["socketsLeave", () => io.in("lobby").socketsLeave("room2")],
  ["fetchSockets", async () => {
    // B's socket leaves the numeric room first, so its answer holds room names only.
    serverSocket.leave(123);
    const sockets = await io.in("lobby").fetchSockets();
    remote = sockets[0];
    results.fetchSockets = sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data, handshake: s.handshake }));
  }],
  ["serverSideEmit", () => io.serverSideEmit("hello", "world", 42)],
  ["serverSideEmitWithAck", async () => { results.serverSideEmitWithAck = await io.serverSideEmitWithAck("count", 10); }],
  ["emitWithAck", async () => { results.emitWithAck = await io.timeout(2000).emitWithAck("ping", "x"); }],
  ["remoteEmitWithAck", async () => { results.remoteEmitWithAck = await remote.timeout(1500).emitWithAck("ping", "y"); }],
  ["allRooms", async () => { results.allRooms = [...(await io.of("/").adapter.allRooms())]; }],
  ["disconnectSockets", () => io.in("lobby").disconnectSockets(true)],
];

for (const [name, operation] of operations) {
  await a.pubClient.publish("socket.io-capture", name);
  await operation();
}

// The last marker closes the last operation.
await a.pubClient.publish("socket.io-capture", "end");
process.stdout.write(JSON.stringify({
  uidA: a.io.of("/").adapter.uid,
  uidB: b.io.of("/").adapter.uid,
  socketId: serverSocket.id,
  operations: operations.map(([name]) => name),
  results,
}) + "\n");

client.disconnect();
await Promise.all([a.io.close(), b.io.close()]);
await Promise.allSettled(redisClients.map((c) => c.quit()));
process.exit(0);
