// The paced echo loop shared by the websocket and polling echo scenarios: C clients sharing R emits/s, paced every
// 5 ms, after 20 unmeasured warm-up echoes per client; RTT from emit to ack, server CPU per ack.
import { pct, selfCpuUs, serverCpuUs, stats } from "../measure.mjs";

/** clients: objects with emitWithAck(ev, ...args) -> Promise. */
export async function pacedEcho(url, clients, { rate, duration, bytes }) {
  const c = clients.length;
  const { pid } = await stats(url);
  const payload = "x".repeat(bytes);
  for (let i = 0; i < 20; i++) await Promise.all(clients.map((cl) => cl.emitWithAck("echo", payload)));
  const rtts = []; let sent = 0, acked = 0, wrong = 0;
  const total = Math.round(rate * duration);
  const cpu0 = selfCpuUs(), scpu0 = serverCpuUs(pid), t0 = performance.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      while (sent < due) {
        const cl = clients[sent % c]; const start = performance.now(); sent++;
        cl.emitWithAck("echo", payload).then((args) => {
          rtts.push(performance.now() - start);
          if (args[0] !== payload) wrong++;
          if (++acked === total) resolve();
        });
      }
      if (sent >= total) clearInterval(timer);
    }, 5);
  });
  const secs = (performance.now() - t0) / 1000, scpu = serverCpuUs(pid) - scpu0, selfCpu = selfCpuUs() - cpu0;
  rtts.sort((a, b) => a - b);
  return {
    c, rate, duration, acked, wrong,
    "acks/s": acked / secs,
    "p50 RTT ms": pct(rtts, 50), "p99 RTT ms": pct(rtts, 99),
    "server CPU µs/ack": scpu / acked,
    "loadgen CPU ms": selfCpu / 1000,
  };
}
