// One load-generator worker process holding receivers for the multi-process scenarios (fanout, binary fanout, Redis
// fanout, connect): it connects its share of the clients, joins them to rooms, counts and checks the `bcast`s they
// get, and answers the coordinator (receiver-pool.mjs) over the IPC channel, one reply per command.
import { connectMany } from "./ws-client.mjs";
import { binaryPayload, selfCpuUs, sleep } from "./measure.mjs";

let clients = [];
let counting = { expected: 0, delivered: 0, wrong: 0, reached: null };

const commands = {
  /** Answers once the worker is up, so start-up time stays out of what is measured. */
  async ready() { return {}; },
  /** {urls, n, offset, concurrency, localAddress} -> {ms} */
  async connect({ urls, n, offset, concurrency, localAddress }) {
    const t0 = performance.now();
    clients = await connectMany(urls, n, { offset, concurrency, localAddress });
    return { ms: performance.now() - t0 };
  },
  /** {rooms} -> {} : every client joins the rooms (one `join` each). */
  async join({ rooms }) {
    await Promise.all(clients.map((c) => c.emitWithAck("join", rooms)));
    return {};
  },
  /** {count, kind: "text"|"binary", bytes} -> {} : starts counting `bcast`s until `count` arrive. */
  async expect({ count, kind, bytes }) {
    const text = "x".repeat(bytes), binary = binaryPayload(bytes);
    const ok = kind === "binary"
      ? (a) => Buffer.isBuffer(a) && a.length === bytes && a.equals(binary)
      : (a) => a === text;
    let reached; const done = new Promise((r) => { reached = r; });
    counting = { expected: count, delivered: 0, wrong: 0, done, cpu0: selfCpuUs(), t0: performance.now() };
    const c = counting;
    const onEvent = (ev, args) => {
      if (ev !== "bcast" || !ok(args[0])) { c.wrong++; return; }
      if (++c.delivered === c.expected) { c.cpu = selfCpuUs() - c.cpu0; c.wallMs = performance.now() - c.t0; reached(); }
    };
    for (const cl of clients) cl.onEvent = onEvent;
    if (count === 0) reached();
    return {};
  },
  /** {timeoutMs} -> {delivered, wrong, cpuUs, wallMs} once the expected count arrived or the time is up. */
  async wait({ timeoutMs }) {
    const c = counting;
    await Promise.race([c.done, sleep(timeoutMs)]);
    return { delivered: c.delivered, wrong: c.wrong, cpuUs: c.cpu ?? selfCpuUs() - c.cpu0, wallMs: c.wallMs ?? performance.now() - c.t0 };
  },
  async close() {
    for (const c of clients) c.close();
    clients = [];
    return {};
  },
};

process.on("message", async (msg) => {
  // Every reply carries this process's CPU so far (µs), for the coordinator's per-process load-generator figures.
  try { const r = await commands[msg.cmd](msg); process.send({ seq: msg.seq, ...r, cpuTotalUs: selfCpuUs() }); }
  catch (e) { process.send({ seq: msg.seq, error: String(e?.stack ?? e) }); }
});
process.on("disconnect", () => process.exit(0));
