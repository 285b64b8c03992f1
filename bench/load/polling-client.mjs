// A cheap Socket.IO v5 client over Engine.IO v4 HTTP long-polling only (no upgrade), on raw `http` with a shared
// keep-alive agent: one GET always outstanding, POSTs one at a time carrying every packet queued meanwhile
// (records separated by \x1e), as engine.io-client does; text packets only (events and acks on "/").
import { request } from "node:http";

const SEP = "\x1e";

export class PollingClient {
  constructor(url, agent) {
    this.base = `${url}/socket.io/?EIO=4&transport=polling`;
    this.agent = agent; this.queue = []; this.posting = false;
    this.nextId = 0; this.acks = new Map(); this.onEvent = null; this.closed = false;
  }

  http(method, query, body) {
    return new Promise((resolve, reject) => {
      const req = request(`${this.base}${query}`, { method, agent: this.agent, headers: body === undefined ? {} : { "content-type": "text/plain;charset=UTF-8" } }, (res) => {
        let text = ""; res.setEncoding("utf8");
        res.on("data", (d) => { text += d; });
        res.on("end", () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${method} ${res.statusCode} ${text}`))));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  async connect() {
    const open = await this.http("GET", "");
    if (open[0] !== "0") throw new Error(`unexpected open ${open}`);
    this.sid = JSON.parse(open.slice(1)).sid;
    this.q = `&sid=${encodeURIComponent(this.sid)}`;
    const connected = new Promise((resolve, reject) => { this.onConnect = resolve; this.onConnectError = reject; });
    this.send("40");
    this.poll();
    await connected;
    return this;
  }

  async poll() {
    while (!this.closed) {
      let body;
      try { body = await this.http("GET", this.q); } catch (e) { if (!this.closed) { this.closed = true; this.onConnectError?.(e); } return; }
      for (const p of body.split(SEP)) this.onEnginePacket(p);
    }
  }

  onEnginePacket(p) {
    switch (p[0]) {
      case "2": this.send("3"); break;                 // ping -> pong
      case "1": this.closed = true; break;
      case "4": this.onPacket(p); break;
    }
  }

  onPacket(p) {
    const type = p[1];
    if (type === "0") { this.onConnect(); return; }
    if (type === "4") { this.onConnectError(new Error(`connect_error ${p}`)); return; }
    let i = 2; while (p.charCodeAt(i) >= 48 && p.charCodeAt(i) <= 57) i++;
    const id = i > 2 ? Number(p.slice(2, i)) : -1;
    const args = JSON.parse(p.slice(i));
    if (type === "3") { const cb = this.acks.get(id); if (cb) { this.acks.delete(id); cb(args); } }
    else if (type === "2" && this.onEvent) this.onEvent(args[0], args.slice(1));
  }

  /** Queues an Engine.IO packet; one POST at a time carries all that are queued. */
  send(packet) { this.queue.push(packet); this.flush(); }

  async flush() {
    if (this.posting || this.queue.length === 0) return;
    this.posting = true;
    const body = this.queue.join(SEP); this.queue = [];
    try { await this.http("POST", this.q, body); } catch (e) { if (!this.closed) throw e; }
    this.posting = false;
    this.flush();
  }

  emitWithAck(ev, ...args) {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.acks.set(id, resolve);
      this.send(`42${id}${JSON.stringify([ev, ...args])}`);
    });
  }

  /** Sends the Engine.IO close packet and stops polling. */
  async close() {
    if (this.closed) return;
    this.queue.push("1");
    await this.flush();
    this.closed = true;
  }
}
