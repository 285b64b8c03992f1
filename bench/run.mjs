#!/usr/bin/env node
// One command for issue 6: builds and starts the .NET bench server and the Node reference on free ports, runs every
// scenario on both in alternation (each scenario in a fresh load-generator process), stops both, prints one table.
// usage: bench/run.sh [--reps 1] [--connect-n 1000] [--echo-c 50] [--echo-rate 2000] [--echo-duration 5]
//                     [--fanout-n 200] [--fanout-m 500] [--fanout-bytes 100] [--no-build]
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i < 0 ? def : argv[i + 1]; };
const reps = Number(opt("reps", 1));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const children = new Set();
function stopAll() {
  for (const c of children) {
    try { c.kill("SIGTERM"); } catch { /* gone */ }
    setTimeout(() => { try { c.kill("SIGKILL"); } catch { /* gone */ } }, 2000).unref();
  }
}
process.on("exit", () => { for (const c of children) { try { c.kill("SIGKILL"); } catch { /* gone */ } } });
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => { stopAll(); process.exit(130); });
process.on("uncaughtException", (e) => { console.error(e); stopAll(); process.exit(1); });
process.on("unhandledRejection", (e) => { console.error(e); stopAll(); process.exit(1); });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer(); s.on("error", reject);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}
function start(name, cmd, args, env) {
  const c = spawn(cmd, args, { cwd: repo, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  children.add(c);
  c.on("exit", (code, sig) => { children.delete(c); if (!stopping) console.error(`${name} exited early (${code ?? sig})`); });
  return c;
}
let stopping = false;
async function waitReady(url) {
  for (let i = 0; i < 200; i++) { try { const r = await fetch(`${url}/stats`); if (r.ok) return r.json(); } catch { /* not yet */ } await sleep(100); }
  throw new Error(`${url} did not start`);
}
function load(scenario, url, extra) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [path.join(here, "load", "load.mjs"), scenario, "--url", url, "--json", ...extra], { cwd: repo, stdio: ["ignore", "pipe", "inherit"] });
    children.add(c); let out = "";
    c.stdout.on("data", (d) => { out += d; });
    c.on("exit", (code) => { children.delete(c); code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop())) : reject(new Error(`load ${scenario} on ${url} exited ${code}`)); });
  });
}

if (!argv.includes("--no-build")) {
  execFileSync("dotnet", ["build", "-c", "Release", "--nologo", "-v", "q", path.join(here, "SocketIo.Bench.Server")], { stdio: "inherit" });
}
// .NET's thread-pool spin-waiting burns CPU at low load and inflates CPU/message; turned off unless set by the caller.
const spin = process.env.DOTNET_ThreadPool_UnfairSemaphoreSpinLimit ?? "0";
const [dotnetPort, nodePort] = [await freePort(), await freePort()];
const servers = {
  ".NET": { url: `http://127.0.0.1:${dotnetPort}`, proc: start(".NET server", "dotnet", [path.join(here, "SocketIo.Bench.Server/bin/Release/net10.0/SocketIo.Bench.Server.dll")], { PORT: String(dotnetPort), DOTNET_ThreadPool_UnfairSemaphoreSpinLimit: spin, DOTNET_gcServer: process.env.DOTNET_gcServer ?? "0" }) },
  Node: { url: `http://127.0.0.1:${nodePort}`, proc: start("Node server", process.execPath, [path.join(here, "node-server/server.mjs")], { PORT: String(nodePort) }) },
};
await Promise.all(Object.values(servers).map((s) => waitReady(s.url)));

const scenarios = {
  connect: { args: ["--n", opt("connect-n", "1000")], metrics: ["connects/s", "server RSS KB/conn", "loadgen CPU ms"] },
  echo: { args: ["--c", opt("echo-c", "50"), "--rate", opt("echo-rate", "2000"), "--duration", opt("echo-duration", "5")], metrics: ["acks/s", "p50 RTT ms", "p99 RTT ms", "server CPU µs/ack", "loadgen CPU ms"] },
  fanout: { args: ["--n", opt("fanout-n", "200"), "--m", opt("fanout-m", "500"), "--bytes", opt("fanout-bytes", "100")], metrics: ["delivered/s", "loss", "server CPU µs/delivered", "loadgen CPU ms"] },
};
const results = {}; // scenario -> server -> [result]
for (let rep = 0; rep < reps; rep++) {
  for (const [name, sc] of Object.entries(scenarios)) {
    // Alternate which server goes first on every scenario and repetition.
    const order = (rep + Object.keys(scenarios).indexOf(name)) % 2 === 0 ? [".NET", "Node"] : ["Node", ".NET"];
    for (const server of order) {
      const r = await load(name, servers[server].url, sc.args);
      ((results[name] ??= {})[server] ??= []).push(r);
      console.error(`  ${name} on ${server}: ${JSON.stringify(r)}`);
      await sleep(500);
    }
  }
}
stopping = true;
stopAll();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (x) => (!Number.isFinite(x) ? String(x) : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const rows = [["scenario", "metric", ".NET", "Node", "ratio (.NET/Node)"]];
for (const [name, sc] of Object.entries(scenarios)) {
  for (const m of sc.metrics) {
    const d = median(results[name][".NET"].map((r) => r[m])), n = median(results[name].Node.map((r) => r[m]));
    rows.push([name, m, fmt(d), fmt(n), n === 0 ? (d === 0 ? "-" : "inf") : fmt(d / n)]);
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=${spin}  reps=${reps}  (median of reps)`);
for (const [i, r] of rows.entries()) {
  console.log(`| ${r.map((c, j) => c.padEnd(widths[j])).join(" | ")} |`);
  if (i === 0) console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
}
await sleep(200);
process.exit(0);
