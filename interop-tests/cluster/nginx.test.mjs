// The Cluster sample's setup, for real: two SocketIoSharp Chat nodes (samples/Chat, Redis adapter) and the Node.js
// chat node (samples/Cluster/node-node.mjs, @socket.io/redis-adapter) on one redis-server, behind nginx configured
// from samples/Cluster/nginx.conf.template (the file the sample runs), everything on free ports. socket.io-client
// sockets connect through nginx only, polling first (then upgrading) or polling only, each with its own sticky key.
//
// It checks that nginx keeps every request of an Engine.IO session on one node (no 400 "Session ID unknown", no
// connect_error, no failed upgrade; nginx's access log shows one upstream per session and per key), that the keys
// spread the clients over all three nodes, and that rooms span the nodes: messages and presence cross from .NET to
// Node.js and back. nginx missing is a failure, not a skip (./test.sh installs it).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createClient } from 'redis';
import { io } from 'socket.io-client';

import { findNginx, nginxArgs, writeNginxConf } from '../../samples/Cluster/nginx-conf.mjs';
import { startRedis } from '../support/redis.mjs';
import { REPO_ROOT, startServer } from '../support/server.mjs';

const CHAT_DLL = path.join(REPO_ROOT, 'samples', 'Chat', 'bin', 'Release', 'net10.0', 'Chat.dll');
const NODE_NODE = path.join(REPO_ROOT, 'samples', 'Cluster', 'node-node.mjs');

const WAIT_MS = 15_000;
const POLL_MS = 25;
const FIRST_CLIENTS = 12;          // polling-first clients connected at once
const MORE_CLIENTS = 6;            // connected per extra round while a node has none (the hash depends on the ports)
const MAX_CLIENTS = 60;
const POLLING_PER_NODE = 2;        // polling-only clients per node
const POLLING_ROUNDS = 5;          // messages each polling-only client sends, one ack after the other

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function eventually(probe, what, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await delay(POLL_MS);
  }
}

async function getJson(url, init) {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method || 'GET'} ${url}: HTTP ${res.status}: ${text}`);
  return JSON.parse(text);
}

/** A token from POST /api/login, asked through nginx (which sends it to a .NET node). */
async function login(baseUrl, name) {
  const body = await getJson(`${baseUrl}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }),
  });
  assert.equal(body.name, name);
  return body.token;
}

/**
 * A chat client through nginx that records every event it receives and everything that went wrong with its
 * connection (anything recorded before `closing` is set is a failure).
 */
function chatClient(baseUrl, { user, key, token, rooms, transports }) {
  const socket = io(baseUrl, {
    forceNew: true,
    reconnection: false,      // a failed session must show, not be papered over by a reconnection
    transports,
    query: { sticky: key },
    auth: { token, rooms },
  });
  const client = { user, key, socket, log: [], problems: [], upgrades: [], closing: false, waiters: new Set() };
  const notify = () => { for (const check of client.waiters) check(); };
  const problem = (text) => {
    if (!client.closing) client.problems.push(text);
    notify();
  };
  socket.onAny((event, ...args) => {
    client.log.push({ event, args });
    notify();
  });
  socket.on('connect_error', (err) => problem(`connect_error: ${err.message}${err.description ? ` (${err.description})` : ''}`));
  socket.on('disconnect', (reason) => problem(`disconnect: ${reason}`));
  socket.io.on('error', (err) => problem(`manager error: ${err.message}`));
  const engine = socket.io.engine;
  engine.on('error', (err) => problem(`engine error: ${err.message ?? err}`));
  engine.on('close', (reason, description) => problem(`engine close: ${reason} ${description?.message ?? description ?? ''}`));
  engine.on('upgradeError', (err) => problem(`upgrade error: ${err.message}`));
  engine.on('upgrade', (transport) => {
    client.upgrades.push(transport.name);
    notify();
  });
  client.connected = new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (err) => reject(new Error(`${user} (key ${key}): connect_error ${err.message}`)));
  });
  return client;
}

function waitFor(client, predicate, what, timeoutMs = WAIT_MS) {
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
      reject(new Error(`${client.user}: timed out after ${timeoutMs} ms waiting for ${what}; problems: ` +
        `${JSON.stringify(client.problems)}; last events: ${JSON.stringify(client.log.slice(-5))}`));
    }, timeoutMs);
    client.waiters.add(check);
  });
}

function received(client, event) {
  return client.log.filter((e) => e.event === event).map((e) => e.args[0]);
}

function close(client) {
  client.closing = true;
  client.socket.disconnect();
}

/** Parses the access log written with the template's "cluster" log_format. */
function accessLog(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const m = /^\S+ (\d{3}) (\S+) "([^"]*)" key=(\S*) upstream=(\S*) upstream_status=(\S*)/.exec(line);
    if (!m) return { line, status: 0 };
    const uri = new URL(m[3], 'http://x');
    return {
      line, status: Number(m[1]), method: m[2], path: uri.pathname, sid: uri.searchParams.get('sid'),
      transport: uri.searchParams.get('transport'), key: m[4], upstream: m[5],
    };
  });
}

describe('cluster behind nginx (samples/Cluster): 2 SocketIoSharp Chat nodes + 1 Node.js node, sticky sessions', function () {
  this.timeout(60_000);
  const state = {
    redis: null, nodes: [], nginx: null, dir: null, clients: [], pollingClients: [], nodeOf: new Map(), baseUrl: '',
  };

  function nodeByPort(upstream) {
    return state.nodes.find((n) => upstream === `127.0.0.1:${n.handle.port}`);
  }

  /** Which node each user's socket is on, from every node's own list of its local sockets (GET /api/node). */
  async function locateUsers() {
    const located = new Map();
    for (const node of state.nodes) {
      const { users } = await getJson(`${node.handle.url}/api/node`);
      for (const user of users) {
        assert.ok(!located.has(user), `${user} has sockets on two nodes: ${located.get(user)?.name} and ${node.name}`);
        located.set(user, node);
      }
    }
    return located;
  }

  async function connectBatch(from, count, { transports, rooms, keyOf = (i) => `key-${i}`, userOf = (i) => `user-${i}` }) {
    const batch = [];
    for (let i = from; i < from + count; i++) {
      const user = userOf(i);
      batch.push(chatClient(state.baseUrl, { user, key: keyOf(i), token: await login(state.baseUrl, user), rooms, transports }));
    }
    await Promise.all(batch.map((c) => c.connected));
    return batch;
  }

  before(async function () {
    this.timeout(120_000);
    const nginx = findNginx();    // throws: nginx missing is a failure
    if (!existsSync(CHAT_DLL)) {
      throw new Error(`${CHAT_DLL} does not exist: run \`dotnet build SocketIoSharp.sln -c Release\` first`);
    }
    state.redis = await startRedis();
    const quiet = { Logging__LogLevel__Default: 'Warning', Logging__LogLevel__Microsoft: 'Warning' };
    const dotnet = (name) => startServer({
      name,
      command: 'dotnet',
      args: (port) => [CHAT_DLL, '--urls', `http://127.0.0.1:${port}`, '--redis', state.redis.url, '--node-name', name],
      probePath: '/api/node',
      env: quiet,
    });
    const [a, b, js] = await Promise.all([
      dotnet('dotnet-a'),
      dotnet('dotnet-b'),
      startServer({
        name: 'node-js',
        command: process.execPath,
        args: (port) => [NODE_NODE, '--port', String(port), '--redis', state.redis.url, '--name', 'node-js'],
        probePath: '/health',
      }),
    ]);
    state.nodes = [
      { name: 'dotnet-a', lang: 'dotnet', handle: a },
      { name: 'dotnet-b', lang: 'dotnet', handle: b },
      { name: 'node-js', lang: 'node', handle: js },
    ];

    state.dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-nginx-'));
    const upstreams = state.nodes.map((n) => `127.0.0.1:${n.handle.port}`);
    state.nginx = await startServer({
      name: 'nginx',
      command: nginx,
      args: (port) => {
        writeNginxConf(state.dir, { listen: `127.0.0.1:${port}`, servers: upstreams, webServers: upstreams.slice(0, 2) });
        return nginxArgs(state.dir);
      },
      probePath: '/api/node',       // answered by a .NET node through nginx
    });
    state.baseUrl = state.nginx.url;

    // Every node subscribed to the main namespace's request channel: a broadcast or fetchSockets reaches all.
    const redis = createClient({ url: state.redis.url });
    redis.on('error', () => {});
    await redis.connect();
    try {
      let seen = '';
      await eventually(async () => {
        const [, count] = await redis.sendCommand(['PUBSUB', 'NUMSUB', 'socket.io-request#/#']);
        seen = String(count);
        return Number(count) === state.nodes.length;
      }, () => `${state.nodes.length} subscribers of socket.io-request#/# (seen ${seen})`);
    } finally {
      await redis.disconnect();
    }

    // Polling-first clients, each with its own key, until every node has some (the hash of a key depends on the
    // nodes' ports, chosen at random, so the keys that reach a node differ from run to run).
    let next = 0;
    const add = async (count) => {
      state.clients.push(...await connectBatch(next, count, { transports: ['polling', 'websocket'], rooms: ['general'] }));
      next += count;
    };
    await add(FIRST_CLIENTS);
    for (;;) {
      state.nodeOf = await locateUsers();
      const empty = state.nodes.filter((n) => ![...state.nodeOf.values()].includes(n));
      if (empty.length === 0 || next >= MAX_CLIENTS) break;
      await add(MORE_CLIENTS);
    }
  });

  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    const parts = state.nodes.map((n) => `--- ${n.name} (${n.handle.url}) output (tail) ---\n${n.handle.output().slice(-3000) || '(none)'}`);
    if (state.nginx) parts.push(`--- nginx stderr ---\n${state.nginx.output().slice(-3000) || '(none)'}`);
    if (state.dir) {
      const log = accessLog(path.join(state.dir, 'access.log')).map((e) => e.line);
      parts.push(`--- nginx access log (last 60 of ${log.length}) ---\n${log.slice(-60).join('\n')}`);
    }
    process.stderr.write(`\n${parts.join('\n')}\n--- end ---\n`);
  });

  after(async function () {
    this.timeout(30_000);
    for (const client of [...state.clients, ...state.pollingClients]) close(client);
    if (state.nginx) await state.nginx.stop();
    await Promise.all(state.nodes.map((n) => n.handle.stop()));
    if (state.redis) await state.redis.stop();
    if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  });

  it('spreads polling-first clients over all three nodes and upgrades every one to WebSocket without an error', async function () {
    const perNode = state.nodes.map((n) => state.clients.filter((c) => state.nodeOf.get(c.user) === n).length);
    assert.ok(perNode.every((count) => count > 0),
      `clients per node ${JSON.stringify(Object.fromEntries(state.nodes.map((n, i) => [n.name, perNode[i]])))} ` +
      `after ${state.clients.length} keys`);
    for (const client of state.clients) {
      assert.ok(state.nodeOf.has(client.user), `${client.user} is on no node`);
      await waitFor(client, (c) => c.upgrades.includes('websocket') || c.problems.length > 0, 'the upgrade to WebSocket');
      assert.deepEqual(client.problems, [], `${client.user} (key ${client.key})`);
      assert.equal(client.socket.io.engine.transport.name, 'websocket', client.user);
    }
  });

  it('delivers a message sent on each node to the clients of every node', async function () {
    for (const node of state.nodes) {
      const sender = state.clients.find((c) => state.nodeOf.get(c.user) === node);
      const clientId = `from-${node.name}`;
      const ack = await sender.socket.timeout(WAIT_MS).emitWithAck('message', { room: 'general', text: `hello from ${node.name}`, clientId });
      assert.equal(typeof ack.id, 'string', JSON.stringify(ack));
      assert.ok(!Number.isNaN(Date.parse(ack.at)), JSON.stringify(ack));
      await Promise.all(state.clients.map((client) => waitFor(client,
        (c) => received(c, 'message').some((m) => m.clientId === clientId),
        `the message ${clientId} (receiver on ${state.nodeOf.get(client.user).name})`)));
      for (const client of state.clients) {
        const message = received(client, 'message').find((m) => m.clientId === clientId);
        assert.deepEqual(
          { id: message.id, room: message.room, user: message.user, text: message.text },
          { id: ack.id, room: 'general', user: sender.user, text: `hello from ${node.name}` },
          `${client.user} on ${state.nodeOf.get(client.user).name}`);
      }
    }
    for (const client of state.clients) assert.deepEqual(client.problems, [], client.user);
  });

  it('lists the users of every node in presence and in the rooms and join answers', async function () {
    const everyone = state.clients.map((c) => c.user).sort();
    for (const node of state.nodes) {
      const asker = state.clients.find((c) => state.nodeOf.get(c.user) === node);
      const rooms = await asker.socket.timeout(WAIT_MS).emitWithAck('rooms');
      const general = rooms.find((r) => r.name === 'general');
      assert.ok(general, `${node.name}: rooms answer ${JSON.stringify(rooms)}`);
      assert.deepEqual(general.users, everyone, `general's users as ${node.name} sees them`);
    }

    // One client per node joins "trio", in turn: each join answer, and the presence that follows, spans the nodes.
    const trio = state.nodes.map((node) => state.clients.find((c) => state.nodeOf.get(c.user) === node));
    const joined = [];
    for (const client of trio) {
      const ack = await client.socket.timeout(WAIT_MS).emitWithAck('join', 'trio');
      joined.push(client.user);
      // The .NET nodes add the room's recent `messages` (their own history); the Node node keeps none.
      const { ok, room, users } = ack;
      assert.deepEqual({ ok, room, users }, { ok: true, room: 'trio', users: [...joined].sort() }, `${client.user} joining trio`);
    }
    const all = [...joined].sort();
    const presence = (users) => (c) => received(c, 'presence').some((p) => p.room === 'trio' && JSON.stringify(p.users) === JSON.stringify(users));
    await Promise.all(trio.map((c) => waitFor(c, presence(all), `presence of trio listing ${all}`)));

    // The .NET node's member leaves: the other two (one of them the Node.js node) see the list without it.
    const [first, leaver, last] = trio;
    assert.deepEqual(await leaver.socket.timeout(WAIT_MS).emitWithAck('leave', 'trio'), { ok: true, room: 'trio' });
    const remaining = [first.user, last.user].sort();
    await Promise.all([first, last].map((c) => waitFor(c, presence(remaining), `presence of trio listing ${remaining}`)));
  });

  it('keeps polling-only clients on their node over many round trips (no "Session ID unknown")', async function () {
    // Keys whose node is known from the first clients: the same key must reach the same node again.
    const keys = state.nodes.flatMap((node) => state.clients.filter((c) => state.nodeOf.get(c.user) === node)
      .slice(0, POLLING_PER_NODE).map((c) => ({ key: c.key, node })));
    state.pollingClients = await connectBatch(0, keys.length, {
      transports: ['polling'], rooms: ['polling'], keyOf: (i) => keys[i].key, userOf: (i) => `poller-${i}`,
    });
    const located = await locateUsers();
    state.pollingClients.forEach((client, i) => {
      assert.equal(located.get(client.user)?.name, keys[i].node.name, `${client.user} with key ${client.key}`);
    });

    await Promise.all(state.pollingClients.map(async (client) => {
      for (let round = 1; round <= POLLING_ROUNDS; round++) {
        const ack = await client.socket.timeout(WAIT_MS).emitWithAck('message',
          { room: 'polling', text: `${client.user} #${round}`, clientId: `${client.user}-${round}` });
        assert.equal(typeof ack.id, 'string', `${client.user} round ${round}: ${JSON.stringify(ack)}`);
      }
    }));
    const total = state.pollingClients.length * POLLING_ROUNDS;
    await Promise.all(state.pollingClients.map((client) => waitFor(client,
      (c) => received(c, 'message').filter((m) => m.room === 'polling').length >= total, `${total} messages in "polling"`)));
    for (const client of state.pollingClients) {
      const ids = received(client, 'message').filter((m) => m.room === 'polling').map((m) => m.clientId).sort();
      assert.equal(new Set(ids).size, total, `${client.user} got each message once`);
      assert.deepEqual(client.problems, [], client.user);
      assert.equal(client.socket.io.engine.transport.name, 'polling', client.user);
    }
  });

  it('nginx sent every request of a session, and of a key, to one node, and answered none with 4xx/5xx', async function () {
    const upgraded = state.clients.length;
    for (const client of [...state.clients, ...state.pollingClients]) close(client);
    const file = path.join(state.dir, 'access.log');
    // nginx logs a WebSocket (status 101) when it ends: wait for all of them.
    await eventually(() => accessLog(file).filter((e) => e.status === 101).length >= upgraded,
      () => `${upgraded} WebSocket lines in nginx's access log (seen ${accessLog(file).filter((e) => e.status === 101).length})`);

    const entries = accessLog(file);
    const socketIo = entries.filter((e) => e.path === '/socket.io/');
    assert.ok(socketIo.length > 0, 'no Socket.IO request in the access log');
    const failed = entries.filter((e) => e.status === 0 || e.status >= 400);
    assert.deepEqual(failed.map((e) => e.line), [], 'requests nginx answered with an error (or unparsed lines)');

    const upstreamsBy = (field) => {
      const map = new Map();
      for (const e of socketIo) {
        if (!e[field]) continue;
        if (!map.has(e[field])) map.set(e[field], new Set());
        map.get(e[field]).add(e.upstream);
      }
      return map;
    };
    for (const [sid, upstreams] of upstreamsBy('sid')) assert.equal(upstreams.size, 1, `session ${sid} reached ${[...upstreams]}`);
    const byKey = upstreamsBy('key');
    for (const [key, upstreams] of byKey) assert.equal(upstreams.size, 1, `key ${key} reached ${[...upstreams]}`);

    // And the log agrees with the nodes about where each client was.
    for (const client of state.clients) {
      const upstream = [...byKey.get(client.key)][0];
      assert.equal(nodeByPort(upstream)?.name, state.nodeOf.get(client.user).name, `${client.user} (key ${client.key})`);
    }
    assert.equal(socketIo.filter((e) => e.status === 101).length, upgraded, 'one WebSocket per polling-first client');
  });
});
