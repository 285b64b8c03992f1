// fanout (text or --binary): N receivers in one room spread over K worker processes (--procs) and over the given
// server URLs (several with the Redis adapter: node A first, receivers alternate between nodes); one sender on the
// first URL sends M `broadcast`s of B bytes (`--window` in flight, each awaiting its ack); every receiver checks
// what it gets (the text, or a Buffer of the right length and bytes). Server CPU is summed over every node.
import { ReceiverPool } from "../receiver-pool.mjs";
import { Client } from "../ws-client.mjs";
import { binaryPayload, drained, selfCpuUs, serverCpuUs, stats } from "../measure.mjs";

export async function runFanout(opt) {
  const urls = opt("url").split(",");
  const n = Number(opt("n", 200)), m = Number(opt("m", 500)), bytes = Number(opt("bytes", 100));
  const window = Number(opt("window", 4)), procs = Number(opt("procs", 2));
  const kind = opt.flag("binary") ? "binary" : "text";
  const timeoutMs = Number(opt("timeout-ms", 30_000));
  const redisPid = opt("redis-pid", null); // the Redis server between the nodes, when run.mjs started it
  const payload = kind === "binary" ? binaryPayload(bytes) : "x".repeat(bytes);
  const pool = new ReceiverPool(procs);
  const sender = await new Client(urls[0]).connect();
  try {
    await pool.all({ cmd: "ready" });
    const shares = pool.shares(n);
    await pool.all((i) => ({ cmd: "connect", urls, ...shares[i], concurrency: Math.ceil(100 / procs) }));
    await pool.all({ cmd: "join", rooms: "bench" });
    const pids = await Promise.all(urls.map(async (u) => (await stats(u)).pid));

    // Warm-up, not measured: 10 broadcasts, all of them delivered everywhere before the measured part starts.
    await pool.all((i) => ({ cmd: "expect", count: shares[i].n * 10, kind, bytes }));
    for (let i = 0; i < 10; i++) await sender.emitWithAck("broadcast", "bench", payload);
    const warm = await pool.all({ cmd: "wait", timeoutMs });
    const warmMissing = n * 10 - warm.reduce((a, w) => a + w.delivered, 0);
    if (warmMissing !== 0) throw new Error(`warm-up: ${warmMissing} of ${n * 10} deliveries missing`);

    await pool.all((i) => ({ cmd: "expect", count: shares[i].n * m, kind, bytes }));
    const cpu0 = selfCpuUs(), scpu0 = serverCpuUs(pids), rcpu0 = redisPid ? serverCpuUs(redisPid) : 0, t0 = performance.now();
    let next = 0;
    async function senderLoop() { while (next < m) { next++; await sender.emitWithAck("broadcast", "bench", payload); } }
    await Promise.all(Array.from({ length: window }, senderLoop));
    const senderCpu = selfCpuUs() - cpu0;
    const got = await pool.all({ cmd: "wait", timeoutMs });
    const secs = (performance.now() - t0) / 1000, scpu = serverCpuUs(pids) - scpu0;
    const rcpu = redisPid ? serverCpuUs(redisPid) - rcpu0 : NaN;
    const delivered = got.reduce((a, w) => a + w.delivered, 0), wrong = got.reduce((a, w) => a + w.wrong, 0);
    const procCpu = got.map((w) => w.cpuUs);
    return {
      scenario: kind === "binary" ? "binfanout" : "fanout", nodes: urls.length, n, m, bytes, procs, delivered, expected: n * m,
      "delivered/s": delivered / secs,
      "loss": n * m - delivered + wrong,
      "server CPU µs/delivered": scpu / Math.max(1, delivered),
      "redis CPU µs/delivered": rcpu / Math.max(1, delivered),
      "loadgen CPU ms": (senderCpu + procCpu.reduce((a, b) => a + b, 0)) / 1000,
      // The busiest receiver process: CPU over its own wall time; near 100 means the generator is the limit.
      "loadgen max proc CPU %": Math.max(...got.map((w) => (w.cpuUs / (w.wallMs * 1000)) * 100)),
      "loadgen proc CPU ms": procCpu.map((c) => Math.round(c / 1000)),
    };
  } finally {
    sender.close();
    await pool.all({ cmd: "close" }).catch(() => {});
    pool.stop();
    await drained(urls);
  }
}
