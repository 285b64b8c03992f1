// One Node.js node of a Redis-adapter cluster for interop-tests/cluster: socket.io 4.8 with
// @socket.io/redis-adapter 8.3 over node-redis 4.7, and a small HTTP control API that makes the node perform one
// cluster operation and answers with its result. interop-tests/ClusterNode (C#) is the same node in .NET: same
// environment, namespaces, handshake behaviour, server-side listeners and control API.
//
// Environment:
//   PORT               HTTP port (127.0.0.1)
//   NAME               the node's name, put into socket.data and server-side answers (default node-<PORT>)
//   REDIS_URL          redis://127.0.0.1:6379 by default
//   ADAPTER            classic (createAdapter) | sharded (createShardedAdapter)
//   SUBSCRIPTION_MODE  sharded only: static | dynamic (default) | dynamic-private
//   KEY                the classic key / sharded channelPrefix (default socket.io)
//   REQUESTS_TIMEOUT   classic requestsTimeout in ms (default 5000)
//
// Namespaces "/", "/chat" and "/empty" (no client ever connects to /empty). A connecting socket gets
//   socket.data = { node: NAME, lang: "node", nsp, tag: auth.tag ?? null, profile: {...fixed JSON...} }
// and joins the rooms listed in its handshake auth (auth: { rooms: [...] }).
// Server-side listener "hello" on every namespace: emits "server-side-seen" {node, lang, args} to the node's own
// sockets of that namespace, and acknowledges (when asked) with {node, lang, echo: <first argument>}.
//
// Control API (POST, JSON body; binary values as {"$bin": base64} both ways, see bin-json.mjs):
//   /control/broadcast             {nsp, event, args, rooms, except, volatile, compress, local}         -> {ok}
//   /control/broadcastBurst        {..., count}: `count` broadcasts in a row, args [1], [2], ... (fire-and-forget)  -> {ok}
//   /control/emitWithAck           {..., timeout}                                      -> {responses} | {error, responses}
//   /control/socketsJoin           {nsp, rooms, except, local, room}                                     -> {ok}
//   /control/socketsLeave          {nsp, rooms, except, local, room}                                     -> {ok}
//   /control/disconnectSockets     {nsp, rooms, except, local, close}                                    -> {ok}
//   /control/fetchSockets          {nsp, rooms, except, local, timeout}         -> {sockets: [{id, handshake, rooms, data}]} | {error}
//   /control/serverSideEmit        {nsp, event, args}                                                    -> {ok}
//   /control/serverSideEmitWithAck {nsp, event, args}                                   -> {responses} | {error, responses}
//   /control/allRooms              {nsp}                                                        -> {rooms} | {error}
//   /control/serverCount           {nsp}                                                        -> {count} | {error}
//   /control/stats                 {}  -> {name, lang, pid, namespaces: {nsp: [{id, rooms}]}, streamSent, unhandledRejections, redisErrors}
//   /control/startStream           {nsp, event, intervalMs}: emits {from: NAME, seq, at: epoch ms} to the namespace at
//                                  that interval, fire-and-forget (for the fault test)                    -> {ok}
//   /control/stopStream            {}                                                                    -> {sent}
// GET /health answers 200 once the Redis clients are connected.

import http from 'node:http';

import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';

import { fromBinJson, toBinJson } from './bin-json.mjs';

const PORT = Number(process.env.PORT || 3000);
const NAME = process.env.NAME || `node-${PORT}`;
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const ADAPTER = process.env.ADAPTER || 'classic';
const SUBSCRIPTION_MODE = process.env.SUBSCRIPTION_MODE || 'dynamic';
const KEY = process.env.KEY || 'socket.io';
const REQUESTS_TIMEOUT = Number(process.env.REQUESTS_TIMEOUT || 5000);
const NAMESPACES = ['/', '/chat', '/empty'];
const PROFILE = Object.freeze({ n: 42, pi: 3.5, list: [1, 'x', true, null], nested: { deep: { s: 'é✓' } } });

const stream = { timer: null, sent: 0 };
const counters = { unhandledRejections: 0, redisErrors: 0, lastRedisError: null, lastUnhandledRejection: null };

// The adapter publishes without awaiting; while Redis is down node-redis rejects those commands, and an unhandled
// rejection would end the process (Node's default). An application must catch them; this one counts them.
process.on('unhandledRejection', (reason) => {
  counters.unhandledRejections++;
  counters.lastUnhandledRejection = String(reason && reason.message ? reason.message : reason);
});

function redisClient() {
  const client = createClient({ url: REDIS_URL });
  client.on('error', (err) => {
    counters.redisErrors++;
    counters.lastRedisError = err.message;
  });
  return client;
}

const pubClient = redisClient();
const subClient = pubClient.duplicate();
subClient.on('error', (err) => {
  counters.redisErrors++;
  counters.lastRedisError = err.message;
});

let ready = false;
const httpServer = http.createServer((req, res) => {
  handleHttp(req, res).catch((err) => send(res, 500, { error: err.message }));
});

const io = new Server(httpServer, { serveClient: false });

function describeSocket(socket) {
  return { id: socket.id, handshake: socket.handshake, rooms: [...socket.rooms], data: socket.data };
}

function setUpNamespace(nsp) {
  nsp.on('connection', (socket) => {
    const auth = socket.handshake.auth || {};
    socket.data = { node: NAME, lang: 'node', nsp: nsp.name, tag: auth.tag ?? null, profile: PROFILE };
    if (Array.isArray(auth.rooms)) socket.join(auth.rooms);
  });
  nsp.on('hello', (...args) => {
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    nsp.local.emit('server-side-seen', { node: NAME, lang: 'node', args });
    if (ack) ack({ node: NAME, lang: 'node', echo: args.length > 0 ? args[0] : null });
  });
}

/** The broadcast operator a request addresses. */
function target(body) {
  let op = io.of(body.nsp || '/');
  if (body.rooms && body.rooms.length) op = op.to(body.rooms);
  if (body.except && body.except.length) op = op.except(body.except);
  if (body.volatile) op = op.volatile;
  if (body.compress !== undefined && body.compress !== null) op = op.compress(body.compress);
  if (body.local) op = op.local;
  if (body.timeout) op = op.timeout(body.timeout);
  return op;
}

const routes = {
  broadcast(body) {
    target(body).emit(body.event, ...fromBinJson(body.args || []));
    return { ok: true };
  },
  broadcastBurst(body) {
    const op = target(body);
    for (let i = 1; i <= body.count; i++) op.emit(body.event, i);
    return { ok: true };
  },
  emitWithAck(body) {
    return new Promise((resolve) => {
      target(body).emit(body.event, ...fromBinJson(body.args || []), (err, responses) => {
        resolve(err ? { error: err.message, responses: toBinJson(responses || []) } : { responses: toBinJson(responses) });
      });
    });
  },
  async socketsJoin(body) {
    await target(body).socketsJoin(body.room);
    return { ok: true };
  },
  async socketsLeave(body) {
    await target(body).socketsLeave(body.room);
    return { ok: true };
  },
  async disconnectSockets(body) {
    await target(body).disconnectSockets(!!body.close);
    return { ok: true };
  },
  async fetchSockets(body) {
    try {
      const sockets = await target(body).fetchSockets();
      return { sockets: toBinJson(sockets.map(describeSocket)) };
    } catch (err) {
      return { error: err.message };
    }
  },
  serverSideEmit(body) {
    io.of(body.nsp || '/').serverSideEmit(body.event, ...fromBinJson(body.args || []));
    return { ok: true };
  },
  serverSideEmitWithAck(body) {
    return new Promise((resolve) => {
      io.of(body.nsp || '/').serverSideEmit(body.event, ...fromBinJson(body.args || []), (err, responses) => {
        resolve(err ? { error: err.message, responses: toBinJson(responses || []) } : { responses: toBinJson(responses) });
      });
    });
  },
  async allRooms(body) {
    const adapter = io.of(body.nsp || '/').adapter;
    if (typeof adapter.allRooms !== 'function') return { error: 'allRooms is not supported by this adapter' };
    try {
      return { rooms: [...(await adapter.allRooms())] };
    } catch (err) {
      return { error: err.message };
    }
  },
  async serverCount(body) {
    try {
      return { count: await io.of(body.nsp || '/').adapter.serverCount() };
    } catch (err) {
      return { error: err.message };
    }
  },
  startStream(body) {
    if (stream.timer) throw new Error('the stream is already running');
    const nsp = io.of(body.nsp || '/');
    stream.sent = 0;
    stream.timer = setInterval(() => {
      stream.sent += 1;
      nsp.emit(body.event, { from: NAME, seq: stream.sent, at: Date.now() });
    }, body.intervalMs || 50);
    return { ok: true };
  },
  stopStream() {
    clearInterval(stream.timer);
    stream.timer = null;
    return { sent: stream.sent };
  },
  stats() {
    const namespaces = {};
    for (const name of NAMESPACES) {
      namespaces[name] = [...io.of(name).sockets.values()].map((s) => ({ id: s.id, rooms: [...s.rooms] }));
    }
    return { name: NAME, lang: 'node', pid: process.pid, namespaces, streamSent: stream.sent, ...counters };
  },
};

async function handleHttp(req, res) {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') {
    send(res, ready ? 200 : 503, ready ? 'ok' : 'starting');
    return;
  }
  const match = /^\/control\/(\w+)$/.exec(url.pathname);
  if (req.method !== 'POST' || !match || !Object.hasOwn(routes, match[1])) {
    send(res, 404, { error: 'not found' });
    return;
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  const body = text ? JSON.parse(text) : {};
  send(res, 200, await routes[match[1]](body));
}

function send(res, status, body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(text);
}

async function main() {
  await Promise.all([pubClient.connect(), subClient.connect()]);
  io.adapter(ADAPTER === 'sharded'
    ? createShardedAdapter(pubClient, subClient, { channelPrefix: KEY, subscriptionMode: SUBSCRIPTION_MODE })
    : createAdapter(pubClient, subClient, { key: KEY, requestsTimeout: REQUESTS_TIMEOUT }));
  for (const name of NAMESPACES) setUpNamespace(io.of(name));
  await new Promise((resolve) => httpServer.listen(PORT, '127.0.0.1', resolve));
  ready = true;
  console.log(`${NAME}: listening on 127.0.0.1:${PORT}, ${ADAPTER} adapter (${SUBSCRIPTION_MODE}), redis ${REDIS_URL}`);
}

function shutdown() {
  io.close();
  Promise.allSettled([pubClient.disconnect(), subClient.disconnect()]).finally(() => process.exit(0));
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

main().catch((err) => {
  console.error(`${NAME}: failed to start: ${err.stack || err}`);
  process.exit(1);
});
