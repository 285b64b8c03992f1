// The Node reference of issue 6's benchmark contract (socket.io pinned in the repo's package.json, 4.8.4):
// websocket and polling transports; "echo" acks with the same arguments; "join" (room, or an array of rooms) joins
// and acks; "broadcast" (room or rooms, payload: a string, JSON or binary) emits "bcast" with the payload to the
// room(s) and acks; GET /stats -> {pid, rss, clients}; port from PORT; `--redis <url>` or REDIS_URL switches to
// @socket.io/redis-adapter (8.3.0, classic pub/sub over node-redis) so several nodes share rooms.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 3000);
const redisArg = process.argv.indexOf("--redis");
const redisUrl = redisArg >= 0 ? process.argv[redisArg + 1] : process.env.REDIS_URL;
const http = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ pid: process.pid, rss: process.memoryUsage.rss(), clients: io.engine.clientsCount }));
    return;
  }
  if (!req.url.startsWith("/socket.io/")) { res.writeHead(404); res.end(); }
});
const io = new Server(http, { transports: ["polling", "websocket"], serveClient: false });
if (redisUrl) {
  const [{ createAdapter }, { createClient }] = await Promise.all([import("@socket.io/redis-adapter"), import("redis")]);
  const pub = createClient({ url: redisUrl }), sub = pub.duplicate();
  for (const c of [pub, sub]) c.on("error", (e) => console.error(`redis: ${e.message}`));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}
io.on("connection", (socket) => {
  socket.on("echo", (...args) => { const ack = args.pop(); if (typeof ack === "function") ack(...args); });
  socket.on("join", (rooms, ack) => { socket.join(rooms); if (typeof ack === "function") ack(); });
  socket.on("broadcast", (rooms, payload, ack) => { io.to(rooms).emit("bcast", payload); if (typeof ack === "function") ack(); });
});
http.listen(port, "127.0.0.1", () => console.log(`node bench server on ${port}${redisUrl ? `, redis ${redisUrl}` : ""}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(0));
