// Holds N idle clients on a server until the file given as the third argument exists (bench/census.sh).
// usage: node bench/load/hold.mjs <url> <n> <stop-file>
import { existsSync } from "node:fs";
import { ReceiverPool } from "./receiver-pool.mjs";
import { sleep } from "./measure.mjs";

const [url, n, stopFile] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const procs = Math.max(1, Math.ceil(n / 5000));
const pool = new ReceiverPool(procs);
try {
  await pool.all({ cmd: "ready" });
  const shares = pool.shares(n), net = 1 + (process.pid % 250);
  await pool.all((i) => ({ cmd: "connect", urls: [url], ...shares[i], concurrency: Math.ceil(100 / procs), localAddress: `127.2.${net}.${i + 1}` }));
  console.log("connected", n);
  while (!existsSync(stopFile)) await sleep(200);
  await pool.all({ cmd: "close" });
} finally { pool.stop(); }
