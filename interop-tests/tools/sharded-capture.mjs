// A real Node socket.io 4.8 node with @socket.io/redis-adapter 8.3's createShardedAdapter (node-redis 4.7, a client
// and its duplicate as the adapter's README shows), driven line by line so a C# test can make it act and record what
// it publishes, or publish to it and see what it does.
//
// Usage: node interop-tests/tools/sharded-capture.mjs <redis url> <static|dynamic|dynamic-private> [channel prefix]
//
// stdout, one JSON object per line:
//   {"ready": true, "uid": "<adapter uid>", "port": <port>}                    once, when listening
//   {"id": <n>, ...result} or {"id": <n>, "error": "<message>"}                  the reply to command n
//   {"event": "serverSideEmit", "args": [...]}                                  a server-side emit from another node
//   {"event": "client", "client": <i>, "name": "<event>", "args": [...]}        an event one of its clients received
//   {"event": "clientDisconnect", "client": <i>, "reason": "..."}
// stdin, one JSON command per line: {"id": <n>, "op": "<op>", ...}; values are tagged as in tagged-values.mjs
// ({"$binary": base64} for a Buffer). Ops:
//   clients {count}                  connect count socket.io-client clients; -> {ids}
//   join {client, rooms}             the client's server-side socket joins rooms
//   leave {client, room}
//   dropClient {client}              the client disconnects
//   emit {target, event, args}       io[.to(..)][.except(..)][.volatile][.compress(..)][.timeout(..)].emit(...)
//   emitWithAck {target, event, args}            -> {responses} (tagged)
//   socketsJoin {target, rooms} / socketsLeave {target, rooms} / disconnectSockets {target, close}
//   fetchSockets {target}            -> {sockets: [{id, rooms, data}]}
//   serverSideEmit {args} / serverSideEmitWithAck {args} -> {responses}
//   channels                         PUBSUB SHARDCHANNELS -> {channels}
//   serverCount                      -> {count}
// target: {to: [...], except: [...], volatile: true, compress: false, timeout: ms}
// Clients answer acks of "ask" with "ack-<i>"; the server answers server-side emits of "ping" that want an ack
// with {pong: <args>}. Socket data is {name: "node-<i>", n: <i>}.
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { createClient } from "redis";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { createShardedAdapter } from "@socket.io/redis-adapter";
import { tag } from "./tagged-values.mjs";

const [redisUrl, subscriptionMode, channelPrefix = "socket.io"] = process.argv.slice(2);

function untag(value) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(untag);
  if (typeof value.$binary === "string") return Buffer.from(value.$binary, "base64");
  const result = {};
  for (const key of Object.keys(value)) result[key] = untag(value[key]);
  return result;
}

const print = (object) => process.stdout.write(JSON.stringify(object) + "\n");

const pubClient = createClient({ url: redisUrl });
const subClient = pubClient.duplicate();
pubClient.on("error", (error) => process.stderr.write(`redis: ${error.message}\n`));
subClient.on("error", (error) => process.stderr.write(`redis: ${error.message}\n`));
await Promise.all([pubClient.connect(), subClient.connect()]);

const httpServer = createServer();
const io = new Server(httpServer, {
  adapter: createShardedAdapter(pubClient, subClient, { channelPrefix, subscriptionMode }),
});

const serverSockets = [];
io.on("connection", (socket) => {
  const index = Number(socket.handshake.auth.index);
  socket.data = { name: `node-${index}`, n: index };
  serverSockets[index] = socket;
});

for (const event of ["hello", "ping", "bin"]) {
  io.of("/").on(event, (...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    print({ event: "serverSideEmit", name: event, args: tag(args), withAck: ack !== null });
    if (ack && event === "ping") ack({ pong: args });
  });
}

await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
const port = httpServer.address().port;
const clients = [];

function operator(target = {}) {
  let op = io;
  if (target.to) op = op.to(target.to);
  if (target.except) op = op.except(target.except);
  if (target.volatile) op = op.volatile;
  if (target.compress !== undefined) op = op.compress(target.compress);
  if (target.timeout !== undefined) op = op.timeout(target.timeout);
  return op;
}

async function connectClient(index) {
  const client = connect(`http://127.0.0.1:${port}`, {
    auth: { index },
    transports: ["websocket"],
    reconnection: false,
  });
  client.onAny((name, ...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    print({ event: "client", client: index, name, args: tag(args) });
    if (ack && name === "ask") ack(`ack-${index}`);
  });
  client.on("disconnect", (reason) => print({ event: "clientDisconnect", client: index, reason }));
  await new Promise((resolve, reject) => {
    client.once("connect", resolve);
    client.once("connect_error", reject);
  });
  // The server-side socket exists once the client is connected.
  while (!serverSockets[index]) await new Promise((resolve) => setImmediate(resolve));
  clients[index] = client;
  return serverSockets[index].id;
}

const handlers = {
  async clients({ count }) {
    const ids = [];
    for (let i = clients.length; ids.length < count; i++) ids.push(await connectClient(i));
    return { ids };
  },
  join({ client, rooms }) {
    serverSockets[client].join(rooms);
    return {};
  },
  leave({ client, room }) {
    serverSockets[client].leave(room);
    return {};
  },
  async dropClient({ client }) {
    const socket = serverSockets[client];
    const gone = new Promise((resolve) => socket.once("disconnect", resolve));
    clients[client].disconnect();
    await gone;
    return {};
  },
  emit({ target, event, args }) {
    operator(target).emit(event, ...untag(args ?? []));
    return {};
  },
  async emitWithAck({ target, event, args }) {
    const responses = await operator(target).emitWithAck(event, ...untag(args ?? []));
    return { responses: tag(responses) };
  },
  socketsJoin({ target, rooms }) {
    operator(target).socketsJoin(rooms);
    return {};
  },
  socketsLeave({ target, rooms }) {
    operator(target).socketsLeave(rooms);
    return {};
  },
  disconnectSockets({ target, close }) {
    operator(target).disconnectSockets(close);
    return {};
  },
  async fetchSockets({ target }) {
    const sockets = await operator(target).fetchSockets();
    return {
      sockets: sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: tag(s.data), handshake: tag(s.handshake) })),
    };
  },
  serverSideEmit({ args }) {
    io.serverSideEmit(...untag(args));
    return {};
  },
  async serverSideEmitWithAck({ args }) {
    const responses = await io.serverSideEmitWithAck(...untag(args));
    return { responses: tag(responses) };
  },
  async channels() {
    return { channels: await pubClient.sendCommand(["PUBSUB", "SHARDCHANNELS"]) };
  },
  async serverCount() {
    return { count: await io.of("/").adapter.serverCount() };
  },
};

print({ ready: true, uid: io.of("/").adapter.uid, port });

const lines = createInterface({ input: process.stdin });
lines.on("line", async (line) => {
  if (!line.trim()) return;
  const command = JSON.parse(line);
  try {
    const result = await handlers[command.op](command);
    print({ id: command.id, ...result });
  } catch (error) {
    print({ id: command.id, error: error.message });
  }
});
lines.on("close", async () => {
  for (const client of clients) client?.disconnect();
  await io.close();
  await Promise.allSettled([pubClient.quit(), subClient.quit()]);
  process.exit(0);
});
