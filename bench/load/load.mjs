#!/usr/bin/env node
// Load generator for issue 6: Engine.IO v4 / Socket.IO v5 over raw `ws` (no socket.io-client).
// usage: node bench/load/load.mjs <scenario> --url http://127.0.0.1:3000 [--n 1000] [--c 50] [--rate 2000]
//        [--duration 5] [--m 200] [--bytes 100] [--json]
// scenarios: connect | echo | fanout. Prints one JSON object (with --json) or a readable summary.
import WebSocket from "ws";
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { performance } from "node:perf_hooks";

const argv = process.argv.slice(2);
const scenario = argv[0];
const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i < 0 ? def : argv[i + 1]; };
const url = opt("url", "http://127.0.0.1:3000");
const json = argv.includes("--json");
const CLK_TCK = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function stats() { return (await fetch(`${url}/stats`)).json(); }
/** Server CPU (user+system) in µs from /proc/<pid>/stat fields 14 and 15. */
function serverCpuUs(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = s.slice(s.lastIndexOf(")") + 2).split(" "); // f[0] is field 3 (state)
  return ((Number(f[11]) + Number(f[12])) * 1e6) / CLK_TCK;
}
function selfCpuUs() { const u = process.cpuUsage(); return u.user + u.system; }

class Client {
  constructor() { this.nextId = 0; this.acks = new Map(); this.onEvent = null; }
  connect() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
      this.ws = ws;
      ws.on("error", reject);
      ws.on("close", () => { this.closed = true; });
      ws.on("message", (data, isBinary) => {
        if (isBinary) return;
        const s = data.toString();
        switch (s[0]) {
          case "0": ws.send("40"); break;               // Engine.IO open -> Socket.IO CONNECT to "/"
          case "2": ws.send("3"); break;                // ping -> pong
          case "1": this.closed = true; break;
          case "4": this.onPacket(s.slice(1), resolve, reject); break;
        }
      });
    });
  }
  onPacket(p, resolve, reject) {
    const type = p[0];
    if (type === "0") { this.sid = JSON.parse(p.slice(1)).sid; resolve(this); return; }
    if (type === "4") { reject(new Error(`connect_error ${p}`)); return; }
    if (type === "2" || type === "3") {
      let i = 1; while (p.charCodeAt(i) >= 48 && p.charCodeAt(i) <= 57) i++;
      const id = i > 1 ? Number(p.slice(1, i)) : -1;
      const args = JSON.parse(p.slice(i));
      if (type === "3") { const cb = this.acks.get(id); if (cb) { this.acks.delete(id); cb(args); } }
      else if (this.onEvent) this.onEvent(args[0], args.slice(1));
    }
  }
  emit(ev, ...args) { this.ws.send(`42${JSON.stringify([ev, ...args])}`); }
  emitWithAck(ev, ...args) {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.acks.set(id, resolve);
      this.ws.send(`42${id}${JSON.stringify([ev, ...args])}`);
    });
  }
  close() { try { this.ws.close(); } catch { /* already closed */ } }
}

async function connectMany(n, concurrency = 100) {
  const clients = new Array(n);
  let next = 0;
  async function worker() { while (next < n) { const i = next++; clients[i] = await new Client().connect(); } }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return clients;
}
async function closeAll(clients) {
  for (const c of clients) c.close();
  for (let i = 0; i < 100; i++) { if ((await stats()).clients === 0) return; await sleep(100); }
}
function pct(sorted, p) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN; }

async function runConnect() {
  const n = Number(opt("n", 1000));
  const before = await stats();
  const cpu0 = selfCpuUs(), t0 = performance.now();
  const clients = await connectMany(n);
  const secs = (performance.now() - t0) / 1000, selfCpu = selfCpuUs() - cpu0;
  await sleep(1000);
  const after = await stats();
  await closeAll(clients);
  return {
    scenario: "connect", n, serverClients: after.clients,
    "connects/s": n / secs,
    "server RSS KB/conn": (after.rss - before.rss) / n / 1024,
    "loadgen CPU ms": selfCpu / 1000,
  };
}

async function runEcho() {
  const c = Number(opt("c", 50)), rate = Number(opt("rate", 2000)), duration = Number(opt("duration", 5));
  const clients = await connectMany(c);
  const { pid } = await stats();
  const payload = "x".repeat(Number(opt("bytes", 100)));
  // Warm-up, not measured (JIT, pools, caches on either server): 20 echoes per client.
  for (let i = 0; i < 20; i++) await Promise.all(clients.map((cl) => cl.emitWithAck("echo", payload)));
  const rtts = []; let sent = 0, acked = 0;
  const total = Math.round(rate * duration);
  const cpu0 = selfCpuUs(), scpu0 = serverCpuUs(pid), t0 = performance.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      while (sent < due) {
        const cl = clients[sent % c]; const start = performance.now(); sent++;
        cl.emitWithAck("echo", payload).then(() => { rtts.push(performance.now() - start); if (++acked === total) resolve(); });
      }
      if (sent >= total) clearInterval(timer);
    }, 5);
  });
  const secs = (performance.now() - t0) / 1000, scpu = serverCpuUs(pid) - scpu0, selfCpu = selfCpuUs() - cpu0;
  await closeAll(clients);
  rtts.sort((a, b) => a - b);
  return {
    scenario: "echo", c, rate, duration, acked,
    "acks/s": acked / secs,
    "p50 RTT ms": pct(rtts, 50), "p99 RTT ms": pct(rtts, 99),
    "server CPU µs/ack": scpu / acked,
    "loadgen CPU ms": selfCpu / 1000,
  };
}

async function runFanout() {
  const n = Number(opt("n", 200)), m = Number(opt("m", 500)), bytes = Number(opt("bytes", 100));
  const window = Number(opt("window", 4));
  const clients = await connectMany(n);
  const [sender] = await connectMany(1);
  await Promise.all(clients.map((cl) => cl.emitWithAck("join", "bench")));
  const { pid } = await stats();
  const payload = "x".repeat(bytes);
  // Warm-up, not measured: 10 broadcasts, each awaited until every member has it.
  for (let i = 0; i < 10; i++) {
    let got = 0; const all = new Promise((r) => { for (const cl of clients) cl.onEvent = () => { if (++got === n) r(); }; });
    await sender.emitWithAck("broadcast", "bench", payload); await all;
  }
  const expected = n * m; let delivered = 0, wrong = 0;
  let done; const allIn = new Promise((r) => { done = r; });
  for (const cl of clients) cl.onEvent = (ev, args) => {
    if (ev !== "bcast" || args[0] !== payload) { wrong++; return; }
    if (++delivered === expected) done();
  };
  const cpu0 = selfCpuUs(), scpu0 = serverCpuUs(pid), t0 = performance.now();
  let next = 0;
  async function senderLoop() { while (next < m) { next++; await sender.emitWithAck("broadcast", "bench", payload); } }
  await Promise.all(Array.from({ length: window }, senderLoop));
  const timeout = sleep(30_000).then(() => "timeout");
  await Promise.race([allIn, timeout]);
  const secs = (performance.now() - t0) / 1000, scpu = serverCpuUs(pid) - scpu0, selfCpu = selfCpuUs() - cpu0;
  await closeAll([...clients, sender]);
  return {
    scenario: "fanout", n, m, bytes, delivered, expected,
    "delivered/s": delivered / secs,
    "loss": expected - delivered + wrong,
    "server CPU µs/delivered": scpu / Math.max(1, delivered),
    "loadgen CPU ms": selfCpu / 1000,
  };
}

const runners = { connect: runConnect, echo: runEcho, fanout: runFanout };
if (!runners[scenario]) { console.error(`unknown scenario ${scenario}; one of ${Object.keys(runners).join(", ")}`); process.exit(2); }
const result = await runners[scenario]();
console.log(json ? JSON.stringify(result) : result);
process.exit(0);
