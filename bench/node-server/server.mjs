// The Node reference of issue 6's benchmark contract (socket.io pinned in the repo's package.json, 4.8.4):
// websocket transport only; "echo" acks with the same arguments; "join" (room) joins and acks; "broadcast" (room,
// payload) emits "bcast" with the payload to the room and acks; GET /stats -> {pid, rss, clients}; port from PORT.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 3000);
const http = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ pid: process.pid, rss: process.memoryUsage.rss(), clients: io.engine.clientsCount }));
    return;
  }
  if (!req.url.startsWith("/socket.io/")) { res.writeHead(404); res.end(); }
});
const io = new Server(http, { transports: ["websocket"], serveClient: false });
io.on("connection", (socket) => {
  socket.on("echo", (...args) => { const ack = args.pop(); if (typeof ack === "function") ack(...args); });
  socket.on("join", (room, ack) => { socket.join(room); if (typeof ack === "function") ack(); });
  socket.on("broadcast", (room, payload, ack) => { io.to(room).emit("bcast", payload); if (typeof ack === "function") ack(); });
});
http.listen(port, "127.0.0.1", () => console.log(`node bench server on ${port}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(0));
