// rooms: many rooms of 10 members. C clients each join R rooms (in `join` calls of --batch rooms each, every client
// concurrently), client i taking rooms (i·R + j) mod (C·R/10) for j < R, so each of the C·R/10 rooms gets exactly
// 10 members (the 10,000 rooms × 10 members is C=1000, R=100). Measures the join rate, the server's RSS per
// membership (after a ~2 s settling pause), then M `broadcast`s to rooms drawn at random (seeded: the same on both
// servers) from one more client: deliveries/s, server CPU per delivery, loss. Each payload names its room and
// every receiver checks it is a member of that room.
import { connectMany, Client } from "../ws-client.mjs";
import { drained, seeded, selfCpuUs, serverCpuUs, sleep, stats } from "../measure.mjs";

const MEMBERS = 10;

export async function runRooms(opt) {
  const url = opt("url");
  const c = Number(opt("clients", 200)), r = Number(opt("per-client", 50)), batch = Number(opt("batch", 10));
  const m = Number(opt("m", 2000)), window = Number(opt("window", 16)), bytes = Number(opt("bytes", 100));
  const settleMs = Number(opt("settle-ms", 2000));
  const roomCount = (c * r) / MEMBERS;
  if (!Number.isInteger(roomCount) || r > roomCount) throw new Error("clients × per-client must be a multiple of 10, per-client ≤ rooms");
  const clients = await connectMany(url, c);
  const sender = await new Client(url).connect();
  try {
    const { pid } = await stats(url);
    const memberOf = clients.map((_, i) => Array.from({ length: r }, (_, j) => `r${(i * r + j) % roomCount}`));
    await sleep(settleMs);
    const before = await stats(url);
    const jcpu0 = serverCpuUs(pid), jt0 = performance.now();
    await Promise.all(clients.map(async (cl, i) => {
      for (let j = 0; j < r; j += batch) await cl.emitWithAck("join", memberOf[i].slice(j, j + batch));
    }));
    const joinSecs = (performance.now() - jt0) / 1000, joinCpu = serverCpuUs(pid) - jcpu0;
    await sleep(settleMs);
    const after = await stats(url);

    const pad = "x".repeat(Math.max(0, bytes - 8));
    const expected = m * MEMBERS;
    let delivered = 0, wrong = 0, done;
    const allIn = new Promise((res) => { done = res; });
    clients.forEach((cl, i) => {
      const mine = new Set(memberOf[i]);
      cl.onEvent = (ev, args) => {
        const p = args[0];
        if (ev !== "bcast" || typeof p !== "string" || !mine.has(p.slice(0, p.indexOf("|")))) { wrong++; return; }
        if (++delivered === expected) done();
      };
    });
    const random = seeded(42);
    const targets = Array.from({ length: m }, () => `r${Math.floor(random() * roomCount)}`);
    const cpu0 = selfCpuUs(), scpu0 = serverCpuUs(pid), t0 = performance.now();
    let next = 0;
    async function senderLoop() { while (next < m) { const room = targets[next++]; await sender.emitWithAck("broadcast", room, `${room}|${pad}`); } }
    await Promise.all(Array.from({ length: window }, senderLoop));
    await Promise.race([allIn, sleep(Number(opt("timeout-ms", 30_000)))]);
    const secs = (performance.now() - t0) / 1000, scpu = serverCpuUs(pid) - scpu0, selfCpu = selfCpuUs() - cpu0;
    return {
      scenario: "rooms", clients: c, perClient: r, rooms: roomCount, memberships: c * r, m, delivered, expected,
      "joins/s": (c * r) / joinSecs,
      "server CPU µs/join": joinCpu / (c * r),
      "server RSS B/membership": (after.rss - before.rss) / (c * r),
      "delivered/s": delivered / secs,
      "loss": expected - delivered + wrong,
      "server CPU µs/delivered": scpu / Math.max(1, delivered),
      "loadgen CPU ms": selfCpu / 1000,
    };
  } finally {
    for (const cl of clients) cl.close();
    sender.close();
    await drained(url);
  }
}
