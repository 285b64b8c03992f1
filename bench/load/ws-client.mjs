// A cheap Socket.IO v5 client over Engine.IO v4 on a raw `ws` WebSocket (no socket.io-client): namespace "/",
// events and acks, binary events with attachments both ways (top-level Buffer arguments only when sending).
import WebSocket from "ws";

export class Client {
  /** @param {string} url http://host:port of the server; localAddress: the source address to connect from. */
  constructor(url, { localAddress } = {}) {
    this.url = url; this.localAddress = localAddress;
    this.nextId = 0; this.acks = new Map(); this.onEvent = null; this.pending = null;
  }

  connect() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${this.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`,
        { perMessageDeflate: false, localAddress: this.localAddress });
      this.ws = ws;
      ws.on("error", reject);
      ws.on("close", () => { this.closed = true; });
      ws.on("message", (data, isBinary) => {
        if (isBinary) { this.onAttachment(data); return; }
        const s = data.toString();
        switch (s[0]) {
          case "0": ws.send("40"); break;               // Engine.IO open -> Socket.IO CONNECT to "/"
          case "2": ws.send("3"); break;                // ping -> pong
          case "1": this.closed = true; break;
          case "4": this.onPacket(s, 1, resolve, reject); break;
        }
      });
    });
  }

  /** A Socket.IO packet at `start` of `p` ("451-3[...]": type, attachments, ack id, JSON). */
  onPacket(p, start, resolve, reject) {
    const type = p[start];
    if (type === "0") { this.sid = JSON.parse(p.slice(start + 1)).sid; resolve?.(this); return; }
    if (type === "4") { reject?.(new Error(`connect_error ${p}`)); return; }
    let i = start + 1, attachments = 0;
    if (type === "5" || type === "6") { const dash = p.indexOf("-", i); attachments = Number(p.slice(i, dash)); i = dash + 1; }
    const idStart = i;
    while (p.charCodeAt(i) >= 48 && p.charCodeAt(i) <= 57) i++;
    const id = i > idStart ? Number(p.slice(idStart, i)) : -1;
    const args = JSON.parse(p.slice(i));
    if (attachments > 0) { this.pending = { type, id, args, count: attachments, buffers: [] }; return; }
    this.dispatch(type, id, args);
  }

  onAttachment(data) {
    const p = this.pending;
    if (!p) return;
    p.buffers.push(data);
    if (p.buffers.length < p.count) return;
    this.pending = null;
    this.dispatch(p.type, p.id, withBuffers(p.args, p.buffers));
  }

  dispatch(type, id, args) {
    if (type === "3" || type === "6") { const cb = this.acks.get(id); if (cb) { this.acks.delete(id); cb(args); } }
    else if (this.onEvent) this.onEvent(args[0], args.slice(1));
  }

  /** Sends an EVENT, or a BINARY_EVENT when some top-level argument is a Buffer; `id` -1 for no ack. */
  send(id, ev, args) {
    const buffers = [];
    const json = JSON.stringify([ev, ...args.map((a) => (Buffer.isBuffer(a) ? { _placeholder: true, num: buffers.push(a) - 1 } : a))]);
    const ack = id < 0 ? "" : String(id);
    if (buffers.length === 0) { this.ws.send(`42${ack}${json}`); return; }
    this.ws.send(`45${buffers.length}-${ack}${json}`);
    for (const b of buffers) this.ws.send(b, { binary: true });
  }

  emit(ev, ...args) { this.send(-1, ev, args); }

  emitWithAck(ev, ...args) {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.acks.set(id, resolve);
      this.send(id, ev, args);
    });
  }

  close() { try { this.ws.close(); } catch { /* already closed */ } }
}

/** Replaces {_placeholder: true, num} objects with the attachments they stand for. */
function withBuffers(value, buffers) {
  if (Array.isArray(value)) return value.map((v) => withBuffers(v, buffers));
  if (value && typeof value === "object") {
    if (value._placeholder === true && typeof value.num === "number") return buffers[value.num];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withBuffers(v, buffers)]));
  }
  return value;
}

/**
 * Connects n clients, `concurrency` handshakes in flight; client i goes to urls[(offset + i) % urls.length]
 * (so receivers spread over cluster nodes).
 */
export async function connectMany(urls, n, { concurrency = 100, offset = 0, localAddress } = {}) {
  urls = [].concat(urls);
  const clients = new Array(n);
  let next = 0;
  async function worker() {
    while (next < n) { const i = next++; clients[i] = await new Client(urls[(offset + i) % urls.length], { localAddress }).connect(); }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return clients;
}
