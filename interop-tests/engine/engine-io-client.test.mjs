// Interop: the real npm engine.io-client against the server's Engine.IO v4
// echo endpoint at /engine.io/ (pingInterval 300 ms, pingTimeout 200 ms,
// maxHttpBufferSize 1e6, transports polling + websocket, upgrades allowed).

import assert from 'node:assert/strict';
import http from 'node:http';

import { useServer } from '../support/server.mjs';
import {
  bytesOf, closeQuietly, collect, connect, createSocket, isBinary, once,
} from '../support/eio.mjs';

const SID_RE = /^[A-Za-z0-9_-]{20}$/;
const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;
const MAX_PAYLOAD = 1e6;

const UNICODE_SAMPLES = [
  'héllo wörld — ñ ç ß',
  '😀🎉👍🏽 👨‍👩‍👧‍👦',
  '𝄞 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎𠜱𠝹',
  'שלום עולם',
  'مرحبا بالعالم',
  'mixed: abc שלום 123 مرحبا 😀 end',
  '日本語テキスト 中文 한국어',
  'e\u0301 combining, zero\u200Bwidth, BOM\uFEFF',
];

/** Encodes message i of a numbered stream: mostly text, every `binaryEvery`-th one binary. */
function numbered(prefix, i, binaryEvery) {
  if (binaryEvery && i % binaryEvery === 0) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(i);
    return b;
  }
  return `${prefix}${i}`;
}

/** Normalises a received message so a whole stream can be compared at once. */
function label(data) {
  if (typeof data === 'string') return data;
  if (isBinary(data)) {
    const b = bytesOf(data);
    return b.length === 4 ? `bin:${b.readUInt32BE(0)}` : `bin[${b.length}]`;
  }
  return `?${typeof data}`;
}

function expectedLabel(prefix, i, binaryEvery) {
  return binaryEvery && i % binaryEvery === 0 ? `bin:${i}` : `${prefix}${i}`;
}

/** Resolves once the server no longer knows the session (GET with its sid answers 400). */
async function waitForSessionGone(baseUrl, sid, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await httpRequest('GET', `${baseUrl}/engine.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`);
    if (last.status === 400) return last;
    if (Date.now() > deadline) {
      throw new Error(`session ${sid} still known ${timeoutMs} ms after close: last answer ${last.status} ${last.body.slice(0, 200)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function httpRequest(method, url, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', (err) => {
      // The server may answer and close before the whole body is written.
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') resolve({ status: 0, headers: {}, body: '', error: err });
      else reject(err);
    });
    if (body !== undefined) req.end(body); else req.end();
  });
}

describe('Engine.IO v4 interop: npm engine.io-client against /engine.io/', function () {
  const server = useServer();
  const sockets = [];
  const track = (s) => { sockets.push(s); return s; };

  afterEach(function () {
    while (sockets.length) closeQuietly(sockets.pop());
  });

  for (const transport of ['polling', 'websocket']) {
    describe(`${transport} only`, function () {
      it('opens with a 20-char URL-safe sid and the configured handshake', async function () {
        const { socket, handshake } = await connect(server.url, [transport]);
        track(socket);
        assert.match(socket.id, SID_RE);
        assert.equal(socket.transport.name, transport);
        assert.equal(socket.readyState, 'open');
        assert.ok(handshake, 'no handshake event');
        assert.equal(handshake.sid, socket.id);
        assert.equal(handshake.pingInterval, PING_INTERVAL);
        assert.equal(handshake.pingTimeout, PING_TIMEOUT);
        assert.equal(handshake.maxPayload, MAX_PAYLOAD);
        assert.ok(Array.isArray(handshake.upgrades), 'handshake.upgrades is not an array');
        if (transport === 'polling') assert.deepEqual(handshake.upgrades, ['websocket']);
        else assert.deepEqual(handshake.upgrades, []);
      });

      it('gives each connection a different sid', async function () {
        const a = track((await connect(server.url, [transport])).socket);
        const b = track((await connect(server.url, [transport])).socket);
        assert.match(a.id, SID_RE);
        assert.match(b.id, SID_RE);
        assert.notEqual(a.id, b.id);
      });

      it('echoes text as text', async function () {
        const { socket } = await connect(server.url, [transport]);
        track(socket);
        const sent = ['hello', ' ', 'a b\tc\nd', '{"json":[1,2,3]}', '4probe', 'x'.repeat(10_000)];
        const echoes = collect(socket, sent.length);
        for (const m of sent) socket.send(m);
        const got = await echoes;
        for (const g of got) assert.equal(typeof g, 'string', `text came back as ${typeof g}`);
        assert.deepEqual(got, sent);
      });

      it('echoes binary as binary with identical bytes (Uint8Array, ArrayBuffer, Buffer)', async function () {
        const { socket } = await connect(server.url, [transport]);
        track(socket);
        const all = Uint8Array.from({ length: 256 }, (_, i) => i);
        const ab = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]).buffer;
        const buf = Buffer.from('binary payload \u00e9\u{1F600}', 'utf8');
        const big = Buffer.alloc(200_000);
        for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
        const view = new Uint8Array(all.buffer, 10, 20); // a view with an offset
        const sent = [all, ab, buf, big, view];
        const echoes = collect(socket, sent.length);
        for (const m of sent) socket.send(m);
        const got = await echoes;
        got.forEach((g, i) => {
          assert.ok(isBinary(g), `message ${i} came back as ${typeof g}: ${String(g).slice(0, 50)}`);
          assert.ok(bytesOf(g).equals(bytesOf(sent[i])), `message ${i}: bytes differ (got ${bytesOf(g).length} bytes, sent ${bytesOf(sent[i]).length})`);
        });
      });

      it('echoes unicode text unchanged (emoji, non-BMP, RTL, combining)', async function () {
        const { socket } = await connect(server.url, [transport]);
        track(socket);
        const echoes = collect(socket, UNICODE_SAMPLES.length);
        for (const m of UNICODE_SAMPLES) socket.send(m);
        const got = await echoes;
        assert.deepEqual(got, UNICODE_SAMPLES);
      });

      it('keeps text and binary interleaved in order', async function () {
        const { socket } = await connect(server.url, [transport]);
        track(socket);
        const n = 200;
        const echoes = collect(socket, n);
        for (let i = 0; i < n; i++) socket.send(numbered('m', i, 3));
        const got = (await echoes).map(label);
        assert.deepEqual(got, Array.from({ length: n }, (_, i) => expectedLabel('m', i, 3)));
      });

      it('closes cleanly from the client, and the server forgets the session', async function () {
        const { socket } = await connect(server.url, [transport]);
        const sid = socket.id;
        const closed = once(socket, 'close', { rejectOn: [] });
        socket.close();
        const reason = await closed;
        assert.equal(reason, 'forced close');
        assert.equal(socket.readyState, 'closed');
        const answer = await waitForSessionGone(server.url, sid);
        assert.equal(answer.status, 400);
      });

      it('keeps the connection alive across more than 3 ping intervals', async function () {
        this.timeout(10_000);
        const { socket } = await connect(server.url, [transport]);
        track(socket);
        const started = Date.now();
        let pings = 0;
        let closedWith;
        socket.on('close', (reason) => { closedWith = reason; });
        await new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`only ${pings} pings in 5 s`)), 5_000);
          socket.on('ping', () => {
            pings += 1;
            if (pings >= 4) { clearTimeout(timer); resolve(); }
          });
          socket.once('close', (reason) => { clearTimeout(timer); reject(new Error(`closed after ${pings} pings: ${reason}`)); });
        });
        const elapsed = Date.now() - started;
        assert.ok(elapsed > 3 * PING_INTERVAL, `4 pings arrived after only ${elapsed} ms`);
        assert.equal(closedWith, undefined);
        assert.equal(socket.readyState, 'open');
        assert.equal(socket.transport.name, transport);
        const echo = collect(socket, 1);
        socket.send('still alive');
        assert.deepEqual(await echo, ['still alive']);
      });

      it('exchanges 10,000 messages in order with no loss', async function () {
        this.timeout(30_000);
        const { socket } = await connect(server.url, [transport]);
        track(socket);
        const n = 10_000;
        const echoes = collect(socket, n, { timeoutMs: 25_000, idleMs: 3_000 });
        // In bursts of 500 with a turn of the event loop between them: one synchronous loop of 10,000 sends can
        // block this process past pingInterval + pingTimeout (500 ms) on a loaded machine, and the client's own
        // ping-timeout timer then fires before the ping waiting in its socket is read.
        for (let i = 0; i < n; i++) {
          socket.send(numbered('n', i, 100));
          if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
        }
        let stopped;
        const got = (await echoes.catch((err) => {
          if (!err.received) throw err;
          stopped = err.message;
          return err.received;
        })).map(label);
        const expected = Array.from({ length: n }, (_, i) => expectedLabel('n', i, 100));
        const firstBad = got.findIndex((g, i) => g !== expected[i]);
        assert.equal(firstBad, -1, `first mismatch at #${firstBad}: got ${got[firstBad]}, expected ${expected[firstBad]}` +
          (stopped ? ` (${stopped})` : ''));
        assert.equal(got.length, n, stopped);
        assert.equal(socket.readyState, 'open');
      });
    });
  }

  describe('P0 row 28: upgrade polling -> websocket', function () {
    it('upgrades and echoes a numbered stream sent before, during and after the upgrade, in order', async function () {
      const socket = track(createSocket(server.url, ['polling', 'websocket']));
      const BINARY_EVERY = 5;
      const received = [];
      const phases = { beforeOpen: 0, open: 0, upgrading: 0, upgraded: 0 };
      let next = 0;
      let closedWith;
      socket.on('message', (d) => received.push(d));
      socket.on('close', (reason) => { closedWith = reason; });
      const sendBatch = (k) => { for (let j = 0; j < k; j++) socket.send(numbered('u', next++, BINARY_EVERY)); };

      // Before the socket is even open: buffered by the client.
      sendBatch(20);
      phases.beforeOpen = next;

      const upgraded = once(socket, 'upgrade', { timeoutMs: 10_000 });
      let ticker;
      socket.once('open', () => {
        assert.equal(socket.transport.name, 'polling');
        sendBatch(20);
        phases.open = next;
        // Keep a steady trickle going while the upgrade probe runs.
        ticker = setInterval(() => sendBatch(3), 2);
      });
      socket.once('upgrading', (t) => {
        assert.equal(t.name, 'websocket');
        sendBatch(20);
        phases.upgrading = next;
      });

      const to = await upgraded;
      assert.equal(to.name, 'websocket');
      assert.equal(socket.transport.name, 'websocket');
      sendBatch(20);
      phases.upgraded = next;
      // Let the trickle run a little on the websocket too, then stop it.
      await new Promise((r) => setTimeout(r, 50));
      clearInterval(ticker);
      sendBatch(20);
      const total = next;

      const deadline = Date.now() + 10_000;
      while (received.length < total && closedWith === undefined && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(closedWith, undefined, `socket closed: ${closedWith}`);
      assert.ok(phases.upgrading > phases.open, 'no messages were sent during the upgrade');
      const got = received.map(label);
      const expected = Array.from({ length: total }, (_, i) => expectedLabel('u', i, BINARY_EVERY));
      const firstBad = got.findIndex((g, i) => g !== expected[i]);
      assert.equal(firstBad, -1, `first mismatch at #${firstBad} of ${total} (phases ${JSON.stringify(phases)}): got ${got[firstBad]}, expected ${expected[firstBad]}`);
      assert.equal(got.length, total, `got ${got.length} of ${total} echoes (phases ${JSON.stringify(phases)})`);
      assert.equal(socket.transport.name, 'websocket');
      assert.equal(socket.readyState, 'open');
    });

    it('stays upgraded and alive across several ping intervals', async function () {
      this.timeout(10_000);
      const socket = track(createSocket(server.url, ['polling', 'websocket']));
      await once(socket, 'upgrade');
      let pings = 0;
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${pings} pings in 5 s after upgrade`)), 5_000);
        socket.on('ping', () => { if (++pings >= 3) { clearTimeout(timer); resolve(); } });
        socket.once('close', (reason) => { clearTimeout(timer); reject(new Error(`closed after ${pings} pings: ${reason}`)); });
      });
      assert.equal(socket.transport.name, 'websocket');
      assert.equal(socket.readyState, 'open');
      const echo = collect(socket, 2);
      socket.send('after upgrade');
      socket.send(Buffer.from([1, 2, 3]));
      const got = await echo;
      assert.equal(got[0], 'after upgrade');
      assert.ok(bytesOf(got[1]).equals(Buffer.from([1, 2, 3])));
    });
  });

  describe('server-side limits', function () {
    it('closes a websocket connection that sends a message over maxHttpBufferSize', async function () {
      const { socket } = await connect(server.url, ['websocket']);
      track(socket);
      // A small message first, to show the connection works.
      const first = collect(socket, 1);
      socket.send('ok');
      assert.deepEqual(await first, ['ok']);

      const closed = once(socket, 'close', { rejectOn: [], timeoutMs: 10_000 });
      let echoedOversize = false;
      socket.on('message', (d) => { if (typeof d === 'string' && d.length > MAX_PAYLOAD) echoedOversize = true; });
      socket.send('x'.repeat(MAX_PAYLOAD + 1));
      const reason = await closed;
      assert.equal(echoedOversize, false, 'the oversize message was echoed');
      assert.equal(reason, 'transport close');
      assert.equal(socket.readyState, 'closed');
    });

    it('refuses a polling POST body over maxHttpBufferSize', async function () {
      // Raw HTTP, to see the server's answer itself (engine.io answers 413).
      const open = await httpRequest('GET', `${server.url}/engine.io/?EIO=4&transport=polling`);
      assert.equal(open.status, 200);
      assert.equal(open.body[0], '0', `handshake body: ${open.body.slice(0, 200)}`);
      const { sid } = JSON.parse(open.body.slice(1));
      assert.match(sid, SID_RE);
      const body = '4' + 'y'.repeat(MAX_PAYLOAD + 10);
      const post = await httpRequest('POST', `${server.url}/engine.io/?EIO=4&transport=polling&sid=${sid}`, body,
        { 'content-type': 'text/plain;charset=UTF-8' });
      assert.ok(post.status === 413 || post.status === 0,
        `expected 413 (or the connection cut), got ${post.status} ${post.body.slice(0, 200)}`);
    });

    it('answers 400 to an unknown session id', async function () {
      const res = await httpRequest('GET', `${server.url}/engine.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA`);
      assert.equal(res.status, 400);
      assert.deepEqual(JSON.parse(res.body), { code: 1, message: 'Session ID unknown' });
    });
  });
});
