// The coordinator's side of the multi-process load generator: K worker processes (receiver-worker.mjs), commands
// sent to all of them at once, replies gathered. One Node client process tops out around 200k deliveries/s on this
// machine, so fan-out receivers are spread over several.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const workerPath = fileURLToPath(new URL("./receiver-worker.mjs", import.meta.url));

export class ReceiverPool {
  constructor(k) {
    this.seq = 0; this.waiting = new Map();
    this.workers = Array.from({ length: k }, () => {
      const w = fork(workerPath, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
      w.on("message", (m) => { const cb = this.waiting.get(m.seq); this.waiting.delete(m.seq); cb?.(m); });
      w.on("exit", (code) => { if (!this.stopped) { console.error(`receiver worker exited (${code})`); process.exit(1); } });
      return w;
    });
  }

  get size() { return this.workers.length; }

  /** Sends each worker the command `make(index)` returns and resolves with every reply, in worker order. */
  all(make) {
    return Promise.all(this.workers.map((w, i) => new Promise((resolve, reject) => {
      const seq = this.seq++;
      this.waiting.set(seq, (m) => (m.error ? reject(new Error(m.error)) : resolve(m)));
      w.send({ seq, ...(typeof make === "function" ? make(i) : make) });
    })));
  }

  /** Splits n into this pool's shares: [{n, offset}] per worker. */
  shares(n) {
    const k = this.size, base = Math.floor(n / k);
    let offset = 0;
    return this.workers.map((_, i) => { const s = { n: base + (i < n % k ? 1 : 0), offset }; offset += s.n; return s; });
  }

  stop() { this.stopped = true; for (const w of this.workers) w.kill(); }
}
