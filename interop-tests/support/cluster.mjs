// A Redis-adapter cluster for interop-tests/cluster: its own redis-server, N nodes (Node.js:
// support/cluster-node.mjs, .NET: interop-tests/ClusterNode), the control API of each node, and real
// socket.io-client sockets on every node that record everything they receive.
//
//   const cluster = useCluster({ adapter: 'classic', topology: ['node', 'dotnet', 'dotnet'] });
//   it('...', async () => { await cluster.control(0, 'broadcast', {...}); ... });
//
// Every node hosts "/", "/chat" and "/empty". The base clients (per node): on "/" `a` (rooms A, S), `b` (rooms B, S)
// and `c` (no room); on "/chat" `chat` (room A). They answer the event "ask" with {client, node, id, echo}.

import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

import { createClient } from 'redis';
import { io } from 'socket.io-client';

import { toBinJson } from './bin-json.mjs';
import { REPO_ROOT, startServer } from './server.mjs';
import { startRedis } from './redis.mjs';
import { startWiretap } from './wiretap.mjs';

export const NODE_APP = path.join(REPO_ROOT, 'interop-tests', 'support', 'cluster-node.mjs');
export const DOTNET_APP = path.join(REPO_ROOT, 'interop-tests', 'ClusterNode', 'bin', 'Release', 'net10.0', 'ClusterNode.dll');

const WAIT_MS = 10_000;
const POLL_MS = 25;
const KEY = 'socket.io';

export const BASE_CLIENTS = [
  { role: 'a', nsp: '/', rooms: ['A', 'S'] },
  { role: 'b', nsp: '/', rooms: ['B', 'S'] },
  { role: 'c', nsp: '/', rooms: [] },
  { role: 'chat', nsp: '/chat', rooms: ['A'] },
];

/** Resolves after `ms` (only for bounded polling). */
export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` (async, returns a truthy value when done) until it holds; rejects after `timeoutMs` with `what`
 * (a string, or a function called then, to describe the last state).
 */
export async function eventually(probe, { timeoutMs = WAIT_MS, what = 'a condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}` +
        (last instanceof Error ? ` (last error: ${last.message})` : ''));
    }
    await delay(POLL_MS);
  }
}

/** POSTs a JSON body to a node's control API and resolves with its JSON answer. */
export function post(url, route, body = {}, { timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(toBinJson(body)));
    const req = http.request(`${url}/control/${route}`, {
      method: 'POST',
      agent: false,
      timeout: timeoutMs,
      headers: { 'content-type': 'application/json', 'content-length': data.length },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          reject(new Error(`${route} on ${url}: HTTP ${res.statusCode}: ${text}`));
          return;
        }
        try { resolve(JSON.parse(text)); } catch (err) { reject(new Error(`${route} on ${url}: not JSON: ${text}`)); }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${route} on ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

/** Starts one cluster node of language `lang` ('node' | 'dotnet'). */
export function startNode(lang, env) {
  const common = { probePath: '/health', env, name: env.NAME };
  return lang === 'node'
    ? startServer({ ...common, command: process.execPath, args: [NODE_APP] })
    : startServer({ ...common, dll: DOTNET_APP });
}

/**
 * A client socket on node `node` that records every event (with its arguments) and answers "ask".
 * Resolves once connected.
 */
export function connectClient(node, { role, nsp = '/', rooms = [], answer = true, label } = {}) {
  const name = label || `${node.name}/${role}`;
  const socket = io(`${node.url}${nsp}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    randomizationFactor: 0,
    auth: { rooms, tag: name },
    query: { client: name },
  });
  const client = {
    name, role, nsp, node: node.index, nodeName: node.name, lang: node.lang, rooms: new Set(rooms), socket, log: [],
    waiters: new Set(), disconnects: [],
  };
  socket.onAny((event, ...args) => {
    client.log.push({ event, args, at: Date.now() });
    for (const check of client.waiters) check();
  });
  socket.on('disconnect', (reason) => {
    client.disconnects.push({ reason, at: Date.now() });
    for (const check of client.waiters) check();
  });
  if (answer) {
    socket.on('ask', (...args) => {
      const ack = args.pop();
      ack({ client: name, node: node.name, id: socket.id, echo: args.length > 0 ? args[0] : null });
    });
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not connected within ${WAIT_MS} ms`)), WAIT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      client.id = socket.id;
      resolve(client);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${name}: connect_error ${err.message}`));
    });
  });
}

/** Resolves once `predicate(client)` holds, re-checked on every event the client gets. */
export function waitFor(client, predicate, { timeoutMs = WAIT_MS, what = 'a condition' } = {}) {
  if (predicate(client)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate(client)) return;
      clearTimeout(timer);
      client.waiters.delete(check);
      resolve();
    };
    const timer = setTimeout(() => {
      client.waiters.delete(check);
      reject(new Error(`${client.name}: timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    client.waiters.add(check);
  });
}

/** The arguments of every `event` the client got, in order. */
export function received(client, event) {
  return client.log.filter((e) => e.event === event).map((e) => e.args);
}

export function closeClient(client) {
  client.socket.io.reconnection(false);
  client.socket.disconnect();
  client.socket.io.engine?.close();
}

/**
 * The cluster: { redis, nodes: [{index, lang, name, url, handle}], clients, control(i, route, body), ... }.
 * options: adapter 'classic' | 'sharded', subscriptionMode (sharded), topology ['node' | 'dotnet', ...],
 * requestsTimeout (ms).
 */
export async function startCluster({ adapter = 'classic', subscriptionMode = 'dynamic', topology, requestsTimeout = 2000 }) {
  const cluster = {
    adapter, subscriptionMode, topology, requestsTimeout, nodes: [], clients: [], extraClients: [], redis: null, redisClient: null,
  };
  cluster.redis = await startRedis();
  cluster.wiretap = startWiretap(cluster.redis.port, () => connectionNames(cluster));
  try {
    const counts = { node: 0, dotnet: 0 };
    cluster.nodes = await Promise.all(topology.map(async (lang, index) => {
      counts[lang]++;
      const name = `${index}-${lang}`;
      const env = {
        NAME: name,
        REDIS_URL: cluster.redis.url,
        REDIS_HOST: '127.0.0.1',
        REDIS_PORT: String(cluster.redis.port),
        ADAPTER: adapter,
        SUBSCRIPTION_MODE: subscriptionMode,
        KEY,
        REQUESTS_TIMEOUT: String(requestsTimeout),
        Logging__LogLevel__Default: 'Warning',
      };
      const handle = await startNode(lang, env);
      // Known at once (not only when all are up), so the wire tap can name this node's connections.
      cluster.nodes[index] = { index, lang, name, url: handle.url, port: handle.port, handle };
      return cluster.nodes[index];
    }));
    cluster.redisClient = createClient({ url: cluster.redis.url });
    cluster.redisClient.on('error', () => { /* the fault test kills Redis under it */ });
    await cluster.redisClient.connect();
    await waitForSubscriptions(cluster);
    for (const node of cluster.nodes) {
      for (const spec of BASE_CLIENTS) cluster.clients.push(await connectClient(node, spec));
    }
    await settle(cluster);
  } catch (err) {
    err.message += `\n${clusterOutput(cluster)}`;
    await stopCluster(cluster);
    throw err;
  }
  return cluster;
}

export function clusterOutput(cluster, tail = 3000) {
  const parts = [];
  for (const node of cluster.nodes || []) {
    const out = node.handle?.output() || '';
    parts.push(`--- ${node.name} (${node.url}) output (tail) ---\n${out.slice(-tail) || '(none)'}`);
  }
  if (cluster.redis) parts.push(`--- redis-server (port ${cluster.redis.port}) ---\n${cluster.redis.output().slice(-tail) || '(none)'}`);
  return parts.join('\n');
}

export async function stopCluster(cluster) {
  for (const client of [...cluster.clients, ...cluster.extraClients]) closeClient(client);
  if (cluster.redisClient) {
    try { await cluster.redisClient.disconnect(); } catch { /* Redis may be gone */ }
  }
  await Promise.all(cluster.nodes.map((n) => {
    try { process.kill(-n.handle.child.pid, 'SIGCONT'); } catch { /* gone */ }
    return n.handle.stop();
  }));
  cluster.wiretap?.stop();
  if (cluster.redis) await cluster.redis.stop();
}

/**
 * Which node each Redis connection belongs to ("127.0.0.1:port" -> node name), found through `ss` (best effort:
 * without it, the wire log shows addresses).
 */
export function connectionNames(cluster) {
  const names = new Map();
  const byPid = new Map((cluster.nodes || []).filter(Boolean).map((n) => [n.handle.child.pid, n.name]));
  byPid.set(process.pid, 'test');
  const out = spawnSync('ss', ['-tnpH', 'dst', `127.0.0.1:${cluster.redis.port}`], { encoding: 'utf8' });
  if (out.status !== 0) return names;
  for (const line of out.stdout.split('\n')) {
    // .NET's sockets are dual-mode: ss shows them as [::ffff:127.0.0.1]:port, Redis as 127.0.0.1:port.
    const local = /\s\[?(?:::ffff:)?(127\.0\.0\.1)\]?:(\d+)\s/.exec(line);
    const pid = /pid=(\d+)/.exec(line);
    if (local && pid && byPid.has(Number(pid[1]))) names.set(`${local[1]}:${local[2]}`, byPid.get(Number(pid[1])));
  }
  return names;
}

/** The pub/sub traffic since `since`, the last `limit` lines. */
export function wireLog(cluster, since, limit = 300) {
  if (!cluster.wiretap) return '(no wire tap)';
  const lines = cluster.wiretap.format(since).split('\n');
  return (lines.length > limit ? [`... ${lines.length - limit} earlier lines`, ...lines.slice(-limit)] : lines).join('\n');
}

/** Sends a raw command through the test's own Redis connection. */
export function redisCommand(cluster, args) {
  return cluster.redisClient.sendCommand(args);
}

const NAMESPACES = ['/', '/chat', '/empty'];

/** Waits until every node has subscribed its namespaces' main channels (what serverCount counts). */
export async function waitForSubscriptions(cluster) {
  const n = cluster.nodes.length;
  let seen = '';
  await eventually(async () => {
    if (cluster.adapter === 'classic') {
      const channels = NAMESPACES.map((nsp) => `${KEY}-request#${nsp}#`);
      const numsub = await redisCommand(cluster, ['PUBSUB', 'NUMSUB', ...channels]);
      // The broadcast channels are pattern subscriptions, which NUMSUB does not count: sum them per connection.
      const list = await redisCommand(cluster, ['CLIENT', 'LIST']);
      const psub = [...String(list).matchAll(/ psub=(\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
      seen = `NUMSUB ${JSON.stringify(numsub.map(String))}, pattern subscriptions ${psub} (want ${n} per request channel, ` +
        `${n * NAMESPACES.length} patterns)`;
      for (let i = 1; i < numsub.length; i += 2) if (Number(numsub[i]) !== n) return false;
      return psub === n * NAMESPACES.length;
    }
    const channels = NAMESPACES.map((nsp) => `${KEY}#${nsp}#`);
    const numsub = await redisCommand(cluster, ['PUBSUB', 'SHARDNUMSUB', ...channels]);
    seen = `SHARDNUMSUB ${JSON.stringify(numsub.map(String))} (want ${n} each)`;
    for (let i = 1; i < numsub.length; i += 2) if (Number(numsub[i]) !== n) return false;
    return true;
  }, { what: () => `${n} nodes subscribed to their namespaces' channels; last seen: ${seen}` });
}

/** Every node's view of its own sockets: [{name, lang, namespaces: {nsp: [{id, rooms}]}, ...}]. */
export function allStats(cluster, nodes = cluster.nodes) {
  return Promise.all(nodes.map((node) => post(node.url, 'stats')));
}

/** Whether `id` looks like a socket id (the sharded adapter's `looksLikeASocketId`: 20 characters). */
function isPrivate(room, socketIds) {
  return socketIds.has(room);
}

/**
 * Sharded dynamic modes subscribe room channels when a room is created on a node and unsubscribe them when it is
 * deleted, without waiting: waits until Redis counts, for every room of every node (per the nodes' own stats),
 * as many subscribers as nodes that have it. A no-op for classic and static.
 */
export async function settle(cluster) {
  await waitForSubscriptions(cluster);
  if (cluster.adapter !== 'sharded' || cluster.subscriptionMode === 'static') return;
  let seen = '';
  await eventually(async () => {
    const stats = await allStats(cluster);
    const expected = new Map();
    for (const s of stats) {
      for (const [nsp, sockets] of Object.entries(s.namespaces)) {
        const ids = new Set(sockets.map((x) => x.id));
        const rooms = new Set();
        for (const socket of sockets) {
          for (const room of socket.rooms) {
            if (cluster.subscriptionMode === 'dynamic' && isPrivate(room, ids)) continue;
            rooms.add(room);
          }
        }
        for (const room of rooms) {
          const channel = `${KEY}#${nsp}#${room}#`;
          expected.set(channel, (expected.get(channel) || 0) + 1);
        }
      }
    }
    // Channels that should have no subscriber any more (rooms deleted everywhere) are checked through SHARDCHANNELS.
    const active = (await redisCommand(cluster, ['PUBSUB', 'SHARDCHANNELS'])).map(String);
    const unexpected = active.filter((channel) => {
      const isMain = NAMESPACES.some((nsp) => channel === `${KEY}#${nsp}#`);
      const isResponse = NAMESPACES.some((nsp) => channel.startsWith(`${KEY}#${nsp}#`)
        && /^[0-9a-f]{16}#$/.test(channel.slice(`${KEY}#${nsp}#`.length)));
      return !isMain && !isResponse && !expected.has(channel);
    });
    const counts = expected.size ? await redisCommand(cluster, ['PUBSUB', 'SHARDNUMSUB', ...expected.keys()]) : [];
    const wrong = [];
    for (let i = 0; i < counts.length; i += 2) {
      const want = expected.get(String(counts[i]));
      if (Number(counts[i + 1]) !== want) wrong.push(`${counts[i]}: ${counts[i + 1]} subscriber(s), want ${want}`);
    }
    seen = `channels subscribed but not expected: ${JSON.stringify(unexpected)}; wrong counts: ${JSON.stringify(wrong)}`;
    return unexpected.length === 0 && wrong.length === 0;
  }, { what: () => `room channel subscriptions matching the nodes' rooms; last seen: ${seen}` });
}

/**
 * Registers mocha before/after hooks that start the cluster for the enclosing describe and stop it after. The
 * returned object is filled in by before(): its `cluster` property, plus shortcuts.
 */
export function useCluster(options) {
  const state = { cluster: null };
  // eslint-disable-next-line no-undef
  before(async function () {
    this.timeout(90_000);
    state.cluster = await startCluster(options);
  });
  let testStartedAt = 0;
  // eslint-disable-next-line no-undef
  beforeEach(function () {
    testStartedAt = Date.now();
  });
  // eslint-disable-next-line no-undef
  afterEach(function () {
    if (this.currentTest && this.currentTest.state === 'failed' && state.cluster) {
      process.stderr.write(`\n--- cluster output for "${this.currentTest.fullTitle()}" ---\n${clusterOutput(state.cluster)}\n` +
        `--- Redis pub/sub traffic during the test (MONITOR) ---\n${wireLog(state.cluster, testStartedAt)}\n--- end ---\n`);
    }
  });
  // eslint-disable-next-line no-undef
  after(async function () {
    this.timeout(30_000);
    if (state.cluster) await stopCluster(state.cluster);
  });
  return state;
}
