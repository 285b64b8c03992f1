// connect N: N clients connected (WebSocket, Engine.IO open, Socket.IO CONNECT), spread over K worker processes, each
// from its own source address (127.0.X.1, .2, ..., X new per run) so ephemeral ports do not run out at 19,000; then the server's
// RSS per connection after a ~2 s settling pause. Before the measured run, W clients (--warm, default min(1000, N))
// connect and leave unmeasured: the first connections load and compile the code that serves them, a cost of the
// process (megabytes on both servers), not of the connections held.
import { ReceiverPool } from "../receiver-pool.mjs";
import { drained, sleep, stats } from "../measure.mjs";

export async function runConnect(opt) {
  const url = opt("url"), n = Number(opt("n", 1000));
  const procs = Number(opt("procs", Math.max(1, Math.ceil(n / 5000))));
  const settleMs = Number(opt("settle-ms", 2000));
  const pool = new ReceiverPool(procs);
  try {
    let ready = await pool.all({ cmd: "ready" });
    const concurrency = Math.ceil(100 / procs), shares = pool.shares(n);
    // Source addresses of this run's own: the previous run's 19,000 closed connections sit in TIME_WAIT on its
    // addresses, and connecting from those makes the kernel search for free ports at length (billed to the load
    // generator as CPU, and slowing whichever server runs second).
    const net = 1 + (process.pid % 250);
    const warm = Number(opt("warm", Math.min(1000, n)));
    if (warm > 0) {
      const warmShares = pool.shares(warm);
      await pool.all((i) => ({ cmd: "connect", urls: [url], ...warmShares[i], concurrency, localAddress: `127.1.${net}.${i + 1}` }));
      ready = await pool.all({ cmd: "close" }); // the load generator's CPU counts from here
      await drained(url);
    }
    await sleep(settleMs);
    const before = await stats(url);
    const t0 = performance.now();
    const done = await pool.all((i) => ({ cmd: "connect", urls: [url], ...shares[i], concurrency, localAddress: `127.0.${net}.${i + 1}` }));
    const secs = (performance.now() - t0) / 1000;
    await sleep(settleMs);
    const after = await stats(url);
    const cpus = done.map((d, i) => d.cpuTotalUs - ready[i].cpuTotalUs);
    await pool.all({ cmd: "close" });
    const clean = await drained(url);
    return {
      scenario: "connect", n, procs, serverClients: after.clients, drained: clean,
      "missing": n - (after.clients - before.clients),
      "connects/s": n / secs,
      "server RSS KB/conn": (after.rss - before.rss) / n / 1024,
      "server RSS MB": after.rss / 1048576,
      "loadgen CPU ms": cpus.reduce((a, b) => a + b, 0) / 1000,
      "loadgen max proc CPU %": Math.max(...cpus) / (secs * 1e4), // µs of CPU / µs of wall × 100
    };
  } finally { pool.stop(); }
}
