#!/usr/bin/env node
// One command for issue 6: builds and starts the .NET bench server and the Node reference on free ports (and, for
// the redis scenario, its own redis-server with two nodes of each on it), runs every selected scenario on both in
// alternation (each run in a fresh load-generator process), stops everything, prints one table. See bench/README.md.
// usage: bench/run.sh [--reps 1] [--scenarios connect,echo,fanout,binfanout,rooms,polling,redis] [--no-build]
//        [--connect-n 1000[,19000]] [--connect-procs K] [--connect-warm W] [--echo-c 50] [--echo-rate 2000] [--echo-duration 5]
//        [--fanout-n 200] [--fanout-m 500] [--fanout-bytes 100] [--binfanout-bytes 1024] [--procs 2]
//        [--rooms-clients 200] [--rooms-per-client 50] [--rooms-batch 10] [--rooms-m 2000]
//        [--polling-c 50] [--polling-rate 1000] [--polling-duration 5] [--redis-n 200] [--redis-m 500]
import { spawn, execFileSync } from "node:child_process";
import { createServer, connect } from "node:net";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i < 0 ? def : argv[i + 1]; };
const reps = Number(opt("reps", 1));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const allScenarios = ["connect", "echo", "fanout", "binfanout", "rooms", "polling", "redis"];
const selected = opt("scenarios", allScenarios.join(",")).split(",").filter(Boolean);
for (const s of selected) if (!allScenarios.includes(s)) { console.error(`unknown scenario ${s}; one of ${allScenarios.join(", ")}`); process.exit(2); }

const children = new Set();
let stopping = false;
function stopAll() {
  stopping = true;
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
// Every server and load generator runs with the open-files limit raised to 20,000 (this machine's hard limit; the
// hard limit itself where that is lower): 19,000 idle connections need as many sockets on each side.
function withFileLimit(cmd, args) {
  return ["bash", ["-c", 'ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"', "bash", cmd, ...args]];
}
function start(name, cmd, args, env) {
  const [bash, bashArgs] = withFileLimit(cmd, args);
  const c = spawn(bash, bashArgs, { cwd: repo, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  children.add(c);
  c.on("exit", (code, sig) => { children.delete(c); if (!stopping) console.error(`${name} exited early (${code ?? sig})`); });
  return c;
}
async function waitReady(url) {
  for (let i = 0; i < 300; i++) { try { const r = await fetch(`${url}/stats`); if (r.ok) return r.json(); } catch { /* not yet */ } await sleep(100); }
  throw new Error(`${url} did not start`);
}
function load(scenario, url, extra) {
  return new Promise((resolve, reject) => {
    const [bash, bashArgs] = withFileLimit(process.execPath, [path.join(here, "load", "load.mjs"), scenario, "--url", url, "--json", ...extra]);
    const c = spawn(bash, bashArgs, { cwd: repo, stdio: ["ignore", "pipe", "inherit"] });
    children.add(c); let out = "";
    c.stdout.on("data", (d) => { out += d; });
    c.on("exit", (code) => { children.delete(c); code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop())) : reject(new Error(`load ${scenario} on ${url} exited ${code}`)); });
  });
}
async function waitTcp(port) {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((res) => { const s = connect(port, "127.0.0.1", () => { s.end(); res(true); }); s.on("error", () => res(false)); });
    if (up) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on ${port}`);
}
function findRedisServer() {
  if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER;
  try { return execFileSync("bash", ["-c", "command -v redis-server"]).toString().trim() || null; } catch { return null; }
}

if (!argv.includes("--no-build")) {
  execFileSync("dotnet", ["build", "-c", "Release", "--nologo", "-v", "q", path.join(here, "SocketIo.Bench.Server")], { stdio: "inherit" });
}
// .NET's thread-pool spin-waiting burns CPU at low load and inflates CPU/message; turned off unless set by the caller.
const spin = process.env.DOTNET_ThreadPool_UnfairSemaphoreSpinLimit ?? "0";
const dotnetEnv = { DOTNET_ThreadPool_UnfairSemaphoreSpinLimit: spin, DOTNET_gcServer: process.env.DOTNET_gcServer ?? "0" };
const dotnetDll = path.join(here, "SocketIo.Bench.Server/bin/Release/net10.0/SocketIo.Bench.Server.dll");
const nodeServer = path.join(here, "node-server/server.mjs");
const pairProcesses = new Map(); // urls -> the two server processes
async function startPair(redisArgs = []) {
  const [d, n] = [await freePort(), await freePort()];
  const processes = [
    start(".NET server", "dotnet", [dotnetDll, ...redisArgs], { PORT: String(d), ...dotnetEnv }),
    start("Node server", process.execPath, [nodeServer, ...redisArgs], { PORT: String(n) }),
  ];
  const urls = { ".NET": `http://127.0.0.1:${d}`, Node: `http://127.0.0.1:${n}` };
  pairProcesses.set(urls, processes);
  await Promise.all(Object.values(urls).map(waitReady));
  return urls;
}
async function stopPair(urls) {
  const processes = pairProcesses.get(urls) ?? [];
  pairProcesses.delete(urls);
  await Promise.all(processes.map((c) => new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) { resolve(); return; }
    // Stopped on purpose: not the "exited early" report.
    c.removeAllListeners("exit");
    c.once("exit", () => { children.delete(c); resolve(); });
    try { c.kill("SIGTERM"); } catch { resolve(); }
    setTimeout(() => { try { c.kill("SIGKILL"); } catch { /* gone */ } }, 5000).unref();
  })));
}

const single = selected.some((s) => s !== "redis") ? await startPair() : null;
let cluster = null, redisPid = null;
if (selected.includes("redis")) {
  const redisServer = findRedisServer();
  if (!redisServer) {
    console.error("redis-server not found (set REDIS_SERVER or put it on PATH): skipping the redis scenario");
    selected.splice(selected.indexOf("redis"), 1);
  } else {
    // Our own Redis on a free port, nothing persisted; both clusters share it, one after the other.
    const port = await freePort();
    const redis = start("redis-server", redisServer, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {});
    redisPid = redis.pid;
    const redisUrl = `redis://127.0.0.1:${port}`;
    await waitTcp(port);
    const [a, b] = [await startPair(["--redis", redisUrl]), await startPair(["--redis", redisUrl])];
    cluster = { ".NET": `${a[".NET"]},${b[".NET"]}`, Node: `${a.Node},${b.Node}` };
  }
}

const procs = opt("procs", "2");
const fanoutMetrics = ["delivered/s", "loss", "server CPU µs/delivered", "loadgen CPU ms", "loadgen max proc CPU %"];
const echoMetrics = ["acks/s", "p50 RTT ms", "p99 RTT ms", "server CPU µs/ack", "loadgen CPU ms"];
const runs = []; // {label, scenario, args, metrics, urls}
for (const name of selected) {
  switch (name) {
    case "connect":
      for (const n of opt("connect-n", "1000").split(",")) {
        runs.push({ label: `connect ${n}`, scenario: "connect", fresh: true, urls: single, metrics: ["connects/s", "server RSS KB/conn", "missing", "loadgen CPU ms"],
          args: ["--n", n, ...(opt("connect-procs") ? ["--procs", opt("connect-procs")] : []), ...(opt("connect-warm") ? ["--warm", opt("connect-warm")] : [])] });
      }
      break;
    case "echo":
      runs.push({ label: "echo", scenario: "echo", urls: single, metrics: echoMetrics,
        args: ["--c", opt("echo-c", "50"), "--rate", opt("echo-rate", "2000"), "--duration", opt("echo-duration", "5")] });
      break;
    case "fanout":
      runs.push({ label: "fanout", scenario: "fanout", urls: single, metrics: fanoutMetrics,
        args: ["--n", opt("fanout-n", "200"), "--m", opt("fanout-m", "500"), "--bytes", opt("fanout-bytes", "100"), "--procs", procs] });
      break;
    case "binfanout":
      runs.push({ label: "binfanout", scenario: "fanout", urls: single, metrics: fanoutMetrics,
        args: ["--binary", "--n", opt("fanout-n", "200"), "--m", opt("fanout-m", "500"), "--bytes", opt("binfanout-bytes", "1024"), "--procs", procs] });
      break;
    case "rooms":
      runs.push({ label: "rooms", scenario: "rooms", urls: single,
        metrics: ["joins/s", "server CPU µs/join", "server RSS B/membership", "delivered/s", "loss", "server CPU µs/delivered", "loadgen CPU ms"],
        args: ["--clients", opt("rooms-clients", "200"), "--per-client", opt("rooms-per-client", "50"), "--batch", opt("rooms-batch", "10"), "--m", opt("rooms-m", "2000")] });
      break;
    case "polling":
      runs.push({ label: "polling", scenario: "polling", urls: single, metrics: echoMetrics,
        args: ["--c", opt("polling-c", "50"), "--rate", opt("polling-rate", "1000"), "--duration", opt("polling-duration", "5")] });
      break;
    case "redis":
      runs.push({ label: "redis", scenario: "fanout", urls: cluster, metrics: [...fanoutMetrics.slice(0, 3), "redis CPU µs/delivered", ...fanoutMetrics.slice(3)],
        args: ["--n", opt("redis-n", "200"), "--m", opt("redis-m", "500"), "--bytes", opt("fanout-bytes", "100"), "--procs", procs, "--redis-pid", String(redisPid)] });
      break;
  }
}

// Warm-up, unmeasured, on every server: .NET compiles hot methods again in the background (tiered compilation) during
// its first seconds of load, which a short scenario would otherwise bill as server CPU. Node gets the same warm-up.
const warmup = opt("warmup", "1") !== "0";
if (warmup) {
  const targets = [...(single ? Object.values(single) : []), ...(cluster ? Object.values(cluster).flatMap((u) => u.split(",")) : [])];
  for (const url of targets) {
    try {
      await load("echo", url, ["--c", "20", "--rate", "2000", "--duration", "4"]);
      await load("fanout", url, ["--n", "100", "--m", "1000", "--bytes", "100", "--procs", "1"]);
      await load("fanout", url, ["--binary", "--n", "50", "--m", "300", "--bytes", "1024", "--procs", "1"]);
    } catch (e) { console.error(`  warm-up on ${url} failed: ${e.message}`); }
  }
}

const results = {}; // label -> server -> [result | null]
for (let rep = 0; rep < reps; rep++) {
  for (const [k, run] of runs.entries()) {
    // Alternate which server goes first on every scenario and repetition.
    const order = (rep + k) % 2 === 0 ? [".NET", "Node"] : ["Node", ".NET"];
    // RSS per connection is measured on servers that served nothing else: a heap grown by earlier scenarios (or a
    // GC returning it meanwhile) would otherwise be counted for, or against, the connections.
    const urls = run.fresh ? await startPair() : run.urls;
    for (const server of order) {
      let r = null;
      try { r = await load(run.scenario, urls[server], run.args); } catch (e) { console.error(`  ${run.label} on ${server} FAILED: ${e.message}`); }
      ((results[run.label] ??= {})[server] ??= []).push(r);
      if (r) console.error(`  ${run.label} on ${server}: ${JSON.stringify(r)}`);
      await sleep(500);
    }
    if (run.fresh) await stopPair(urls);
  }
}
stopAll();

const median = (xs) => { if (xs.some((x) => x === null || x === undefined)) return NaN; const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (x) => (!Number.isFinite(x) ? "n/a" : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const rows = [["scenario", "metric", ".NET", "Node", "ratio (.NET/Node)"]];
for (const run of runs) {
  for (const m of run.metrics) {
    const value = (server) => median(results[run.label][server].map((r) => (r ? r[m] ?? NaN : null)));
    const d = value(".NET"), n = value("Node");
    rows.push([run.label, m, fmt(d), fmt(n), !Number.isFinite(d) || !Number.isFinite(n) ? "-" : n === 0 ? (d === 0 ? "-" : "inf") : fmt(d / n)]);
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=${spin}  DOTNET_gcServer=${dotnetEnv.DOTNET_gcServer}  ConnectionLevelWebSockets=${process.env.BENCH_HTTP_WEBSOCKETS === "1" ? "off" : "on"}  warm-up=${warmup ? "on" : "off"}  reps=${reps}  (median of reps)`);
for (const [i, r] of rows.entries()) {
  console.log(`| ${r.map((c, j) => c.padEnd(widths[j])).join(" | ")} |`);
  if (i === 0) console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
}
await sleep(200);
process.exit(Object.values(results).some((s) => Object.values(s).some((rs) => rs.includes(null))) ? 1 : 0);
