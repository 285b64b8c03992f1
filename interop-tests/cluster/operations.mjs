// The cross-node operations every cluster describe() checks, each asked from a Node.js node and from a .NET node
// (in a Node-only topology: from two Node nodes, which validates the harness against the reference).
// What every client on every node received is compared with what the reference semantics say it must receive.
// To show that a client did NOT get a broadcast, the asking node then broadcasts a marker to every client of "/"
// and "/chat": a node's messages reach a subscriber in the order they were published, so once the marker is in, the
// broadcast would have been too.

import assert from 'node:assert/strict';

import { toBinJson } from '../support/bin-json.mjs';
import {
  allStats, closeClient, connectClient, eventually, post, received, settle, waitFor,
} from '../support/cluster.mjs';

let serial = 0;
/** A name no other test uses (events, rooms, tokens). */
export function unique(prefix) {
  serial += 1;
  return `${prefix}-${process.pid}-${serial}`;
}

/** The node names in a topology: index-lang. */
export function topologyName(topology) {
  return `[${topology.map((l) => (l === 'node' ? 'Node' : '.NET')).join(', ')}]`;
}

/**
 * The nodes that ask: the first Node node and the first .NET node (two Node nodes in a Node-only topology).
 * Returns indices.
 */
export function askerIndices(topology) {
  const firstNode = topology.indexOf('node');
  const firstDotnet = topology.indexOf('dotnet');
  if (firstDotnet < 0) return [firstNode, topology.indexOf('node', firstNode + 1)];
  if (firstNode < 0) return [firstDotnet, topology.indexOf('dotnet', firstDotnet + 1)];
  return [firstNode, firstDotnet];
}

const langName = (lang) => (lang === 'node' ? 'Node' : '.NET');

/** Binary-aware comparable form of received arguments (Buffers become {$bin}). */
const comparable = (value) => toBinJson(value);

/**
 * Defines the tests. `state.cluster` is filled in by useCluster's before().
 * scope: 'all' (every operation) or 'broadcast' (broadcasts and rooms only).
 */
export function defineOperationTests(state, { adapter, topology, scope = 'all' }) {
  const c = () => state.cluster;
  const control = (index, route, body) => post(c().nodes[index].url, route, body);
  const baseClients = () => c().clients;

  /** The base clients a broadcast with these options must reach. */
  function recipients({ nsp = '/', rooms = [], except = [], local = false, asker }) {
    return baseClients().filter((client) => {
      if (client.nsp !== nsp) return false;
      if (local && client.node !== asker) return false;
      const own = new Set([client.id, ...client.rooms]);
      if (rooms.length && !rooms.some((r) => own.has(r))) return false;
      if (except.some((r) => own.has(r))) return false;
      return true;
    });
  }

  /** Broadcasts a marker from `asker` to "/" and "/chat" and waits until every base client has it. */
  async function flush(asker) {
    const token = unique('marker');
    await control(asker, 'broadcast', { nsp: '/', event: 'marker', args: [token] });
    await control(asker, 'broadcast', { nsp: '/chat', event: 'marker', args: [token] });
    await Promise.all(baseClients().map((client) => waitFor(
      client,
      (x) => received(x, 'marker').some((args) => args[0] === token),
      { what: `marker ${token}` },
    )));
  }

  /** Asserts that exactly `expected` clients got `event` once, with `args`, and nobody else got it. */
  function assertDelivered(event, expected, args) {
    const want = new Set(expected.map((x) => x.name));
    const actual = {};
    const wanted = {};
    for (const client of baseClients()) {
      actual[client.name] = comparable(received(client, event));
      wanted[client.name] = want.has(client.name) ? [comparable(args)] : [];
    }
    assert.deepEqual(actual, wanted);
  }

  /** Broadcasts from `asker`, waits for the expected clients, flushes, then checks everybody. */
  async function checkBroadcast(asker, body, expected) {
    const event = unique('news');
    await control(asker, 'broadcast', { nsp: '/', ...body, event });
    await Promise.all(expected.map((client) => waitFor(client, (x) => received(x, event).length > 0, { what: event })));
    await flush(asker);
    assertDelivered(event, expected, body.args);
  }

  /** A client of node `index` that is not a base client; closed after the test. */
  async function extraClient(index, spec) {
    const client = await connectClient(c().nodes[index], { role: unique('extra'), ...spec });
    c().extraClients.push(client);
    return client;
  }

  afterEach(async function () {
    const extra = c()?.extraClients.splice(0) || [];
    if (extra.length === 0) return;
    for (const client of extra) closeClient(client);
    // Until every node has dropped them, they would still count in the next test's broadcasts.
    const ids = new Set(extra.map((x) => x.id));
    await eventually(async () => (await allStats(c())).every((s) => s.namespaces['/'].every((x) => !ids.has(x.id))),
      { what: 'the extra clients gone from every node' });
  });

  const askers = askerIndices(topology);

  it('every node counts every node (serverCount) in every namespace', async function () {
    for (let i = 0; i < c().nodes.length; i++) {
      for (const nsp of ['/', '/chat', '/empty']) {
        assert.deepEqual(await control(i, 'serverCount', { nsp }), { count: c().nodes.length }, `${c().nodes[i].name} ${nsp}`);
      }
    }
  });

  for (const askerIndex of askers) {
    const asker = askerIndex;
    const label = `${langName(topology[asker])} node ${asker}`;
    const other = (pred) => baseClients().find((x) => x.node !== asker && pred(x));
    const otherLang = (role) => other((x) => x.lang !== topology[asker] && x.role === role) || other((x) => x.role === role);

    describe(`P0 row 25: asked by the ${label}`, function () {
      it('a broadcast to the namespace reaches every client of it on every node, and no other namespace', async function () {
        await checkBroadcast(asker, { args: [1, 'two', { three: [3, null, true] }, 4.5, -7] }, recipients({ asker }));
      });

      it('binary payloads arrive as binary on every node (top level, nested, empty, every byte)', async function () {
        const args = [
          Buffer.from([1, 2, 3]),
          { a: Buffer.from([0xde, 0xad]), nested: { list: [Buffer.from([4]), 'x', { deeper: Buffer.from('héllo') }] }, n: 5 },
          Buffer.alloc(0),
          Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
          'text',
        ];
        await checkBroadcast(asker, { args }, recipients({ asker }));
      });

      it('successive fire-and-forget broadcasts arrive in order on every client of every node', async function () {
        const event = unique('burst');
        const count = 30;
        await control(asker, 'broadcastBurst', { nsp: '/', event, count });
        const expected = recipients({ asker });
        await Promise.all(expected.map((client) => waitFor(client, (x) => received(x, event).length >= count, { what: `${count} ${event}` })));
        await flush(asker);
        // Compared as text, so a failure shows each client's order on one line.
        const want = Array.from({ length: count }, (_, i) => i + 1).join(',');
        const actual = {};
        for (const client of expected) actual[client.name] = received(client, event).map((args) => args[0]).join(',');
        assert.deepEqual(actual, Object.fromEntries(expected.map((x) => [x.name, want])));
      });

      it('a broadcast to one room reaches its members on every node only', async function () {
        await checkBroadcast(asker, { rooms: ['A'], args: ['to A'] }, recipients({ rooms: ['A'], asker }));
      });

      it('a broadcast to several rooms reaches each member once', async function () {
        await checkBroadcast(asker, { rooms: ['A', 'S'], args: ['to A and S'] }, recipients({ rooms: ['A', 'S'], asker }));
      });

      it('except(room) leaves the room\'s members out on every node', async function () {
        await checkBroadcast(asker, { except: ['B'], args: ['not B'] }, recipients({ except: ['B'], asker }));
      });

      it('to(room).except(room) combines both', async function () {
        await checkBroadcast(asker, { rooms: ['S'], except: ['A'], args: ['S not A'] }, recipients({ rooms: ['S'], except: ['A'], asker }));
      });

      it('except(socket id) leaves out one socket of another node', async function () {
        const excluded = otherLang('a');
        await checkBroadcast(asker, { except: [excluded.id], args: ['not one'] }, recipients({ except: [excluded.id], asker }));
      });

      it('to(socket id) reaches one socket of another node', async function () {
        const target = otherLang('b');
        await checkBroadcast(asker, { rooms: [target.id], args: ['just you', Buffer.from([7])] }, recipients({ rooms: [target.id], asker }));
      });

      it('volatile and compress(false) broadcasts still reach every idle client', async function () {
        await checkBroadcast(asker, { volatile: true, compress: false, args: ['flags'] }, recipients({ asker }));
        await checkBroadcast(asker, { volatile: true, rooms: ['B'], args: ['volatile B'] }, recipients({ rooms: ['B'], asker }));
      });

      it('local broadcasts do not leave the asking node', async function () {
        await checkBroadcast(asker, { local: true, args: ['local'] }, recipients({ local: true, asker }));
        await checkBroadcast(asker, { local: true, rooms: ['A'], args: ['local A'] }, recipients({ local: true, rooms: ['A'], asker }));
      });

      it('a broadcast to another namespace reaches only that namespace', async function () {
        await checkBroadcast(asker, { nsp: '/chat', rooms: ['A'], args: ['chat A'] }, recipients({ nsp: '/chat', rooms: ['A'], asker }));
      });

      it('socketsJoin / socketsLeave with rooms and except apply on every node', async function () {
        const room = unique('joined');
        const joiners = recipients({ rooms: ['S'], except: ['B'], asker });
        await control(asker, 'socketsJoin', { nsp: '/', rooms: ['S'], except: ['B'], room });
        await eventually(async () => {
          const stats = await allStats(c());
          return baseClients().every((client) => {
            const me = stats[client.node].namespaces[client.nsp].find((s) => s.id === client.id);
            return me && me.rooms.includes(room) === joiners.includes(client);
          });
        }, { what: `the sockets of S but not B in ${room}` });
        await settle(c());
        await checkBroadcast(asker, { rooms: [room], args: ['joined'] }, joiners);

        await control(asker, 'socketsLeave', { nsp: '/', rooms: [room], room });
        await eventually(async () => {
          const stats = await allStats(c());
          return Object.values(stats).every((s) => s.namespaces['/'].every((x) => !x.rooms.includes(room)));
        }, { what: `nobody in ${room}` });
        await settle(c());
        await checkBroadcast(asker, { rooms: [room], args: ['left'] }, []);
      });

      for (const close of [false, true]) {
        it(`disconnectSockets(${close}) with rooms and except disconnects exactly those sockets on every node`, async function () {
          const room = unique('victims');
          const victims = [];
          const spared = [];
          for (const node of c().nodes) {
            victims.push(await extraClient(node.index, { rooms: [room] }));
            spared.push(await extraClient(node.index, { rooms: [room, 'spared'] }));
          }
          await settle(c());
          const closed = victims.map((v) => new Promise((resolve) => v.socket.io.once('close', resolve)));
          await control(asker, 'disconnectSockets', { nsp: '/', rooms: [room], except: ['spared'], close });
          await Promise.all(victims.map((v) => waitFor(v, (x) => x.disconnects.length > 0, { what: 'disconnect' })));
          for (const v of victims) assert.deepEqual(v.disconnects.map((d) => d.reason), ['io server disconnect'], v.name);
          if (close) await Promise.all(closed);
          await flush(asker);
          for (const s of spared) {
            assert.deepEqual(s.disconnects, [], s.name);
            assert.ok(s.socket.connected, `${s.name} still connected`);
          }
          for (const client of baseClients()) assert.ok(client.socket.connected, `${client.name} still connected`);
        });
      }

      it('emitWithAck counts the clients of every node and returns each one\'s answer', async function () {
        const expected = recipients({ asker });
        const token = unique('ask');
        const result = await control(asker, 'emitWithAck', { nsp: '/', event: 'ask', args: [token], timeout: 5000 });
        assert.equal(result.error, undefined, `error: ${result.error}`);
        const want = expected.map((x) => ({ client: x.name, node: x.nodeName, id: x.id, echo: token }));
        const byClient = (a, b) => a.client.localeCompare(b.client);
        assert.deepEqual([...result.responses].sort(byClient), want.sort(byClient));
      });

      it('emitWithAck to a room except a socket of another node, binary arguments and answers preserved', async function () {
        const excluded = otherLang('a').id;
        const expected = recipients({ rooms: ['A'], except: [excluded], asker });
        const payload = { bin: Buffer.from([0, 255, 1]), list: [Buffer.from('x')] };
        const result = await control(asker, 'emitWithAck', {
          nsp: '/', event: 'ask', args: [toBinJson(payload)], rooms: ['A'], except: [excluded], timeout: 5000,
        });
        assert.equal(result.error, undefined, `error: ${result.error}`);
        const want = expected.map((x) => ({ client: x.name, node: x.nodeName, id: x.id, echo: toBinJson(payload) }));
        const byClient = (a, b) => a.client.localeCompare(b.client);
        assert.deepEqual([...result.responses].sort(byClient), want.sort(byClient));
      });

      it('emitWithAck times out with the answers received when a client of another node does not answer', async function () {
        const room = unique('ack-room');
        const mute = await extraClient(otherLang('a').node, { rooms: [room], answer: false });
        const answering = [];
        for (const node of c().nodes) answering.push(await extraClient(node.index, { rooms: [room] }));
        await settle(c());
        const result = await control(asker, 'emitWithAck', { nsp: '/', event: 'ask', rooms: [room], args: ['late?'], timeout: 1000 });
        assert.equal(result.error, 'operation has timed out');
        const byClient = (a, b) => a.client.localeCompare(b.client);
        assert.deepEqual(
          [...result.responses].sort(byClient),
          answering.map((x) => ({ client: x.name, node: x.nodeName, id: x.id, echo: 'late?' })).sort(byClient),
        );
        assert.equal(received(mute, 'ask').length, 1);
      });

      if (scope === 'broadcast') return;

      it('fetchSockets describes every socket of every node (ids, rooms, data, handshake)', async function () {
        const result = await control(asker, 'fetchSockets', { nsp: '/' });
        assert.equal(result.error, undefined, `error: ${result.error}`);
        const expected = recipients({ asker });
        assert.deepEqual(result.sockets.map((s) => s.id).sort(), expected.map((x) => x.id).sort());
        for (const s of result.sockets) {
          const client = expected.find((x) => x.id === s.id);
          const node = c().nodes[client.node];
          assert.deepEqual([...s.rooms].sort(), [client.id, ...client.rooms].sort(), `${client.name} rooms`);
          assert.deepEqual(s.data, {
            node: node.name, lang: node.lang, nsp: '/', tag: client.name,
            profile: { n: 42, pi: 3.5, list: [1, 'x', true, null], nested: { deep: { s: 'é✓' } } },
          }, `${client.name} data`);
          const h = s.handshake;
          assert.deepEqual(h.auth, { rooms: [...client.rooms], tag: client.name }, `${client.name} auth`);
          assert.equal(h.query.client, client.name, `${client.name} query`);
          assert.equal(h.query.EIO, '4', `${client.name} query.EIO`);
          assert.equal(h.query.transport, 'websocket', `${client.name} query.transport`);
          assert.equal(h.headers.host, `127.0.0.1:${node.port}`, `${client.name} headers.host (lower-case name, as Node)`);
          assert.equal(typeof h.url, 'string');
          assert.ok(h.url.startsWith('/socket.io/?'), `${client.name} url ${h.url}`);
          assert.ok(String(h.address).includes('127.0.0.1'), `${client.name} address ${h.address}`);
          assert.equal(h.xdomain, false, `${client.name} xdomain`);
          assert.equal(h.secure, false, `${client.name} secure`);
          assert.equal(typeof h.issued, 'number', `${client.name} issued`);
          assert.ok(Math.abs(Date.now() - h.issued) < 600_000, `${client.name} issued ${h.issued}`);
          assert.equal(typeof h.time, 'string', `${client.name} time`);
          assert.ok(Math.abs(Date.parse(h.time) - h.issued) < 1000, `${client.name} time ${h.time} vs issued ${h.issued}`);
        }
      });

      it('fetchSockets with rooms and except, and in another namespace', async function () {
        let result = await control(asker, 'fetchSockets', { nsp: '/', rooms: ['S'], except: ['B'] });
        assert.deepEqual(result.sockets.map((s) => s.id).sort(), recipients({ rooms: ['S'], except: ['B'], asker }).map((x) => x.id).sort());
        result = await control(asker, 'fetchSockets', { nsp: '/chat' });
        assert.deepEqual(result.sockets.map((s) => s.id).sort(), recipients({ nsp: '/chat', asker }).map((x) => x.id).sort());
        const target = otherLang('c');
        result = await control(asker, 'fetchSockets', { nsp: '/', rooms: [target.id] });
        assert.deepEqual(result.sockets.map((s) => s.id), [target.id]);
      });

      it('serverSideEmit reaches the listeners of every other node, not its own', async function () {
        const token = unique('hello');
        const args = [token, { n: 1, list: ['a', null, 2.5] }];
        await control(asker, 'serverSideEmit', { nsp: '/', event: 'hello', args });
        const expected = baseClients().filter((x) => x.nsp === '/' && x.node !== asker);
        const seen = (x) => received(x, 'server-side-seen').filter((a) => a[0].args[0] === token);
        await Promise.all(expected.map((x) => waitFor(x, () => seen(x).length > 0, { what: `server-side-seen ${token}` })));
        await flush(asker);
        for (const x of baseClients()) {
          const want = expected.includes(x) ? [[{ node: x.nodeName, lang: x.lang, args }]] : [];
          assert.deepEqual(seen(x), want, x.name);
        }
      });

      it('serverSideEmitWithAck returns one answer per other node', async function () {
        const token = unique('hello-ack');
        const result = await control(asker, 'serverSideEmitWithAck', { nsp: '/', event: 'hello', args: [{ token, n: [1, 2] }] });
        assert.equal(result.error, undefined, `error: ${result.error}`);
        const want = c().nodes.filter((n) => n.index !== asker)
          .map((n) => ({ node: n.name, lang: n.lang, echo: { token, n: [1, 2] } }));
        const byNode = (a, b) => a.node.localeCompare(b.node);
        assert.deepEqual([...result.responses].sort(byNode), want.sort(byNode));
      });

      if (adapter === 'sharded') {
        it('serverSideEmitWithAck with binary arguments and answers (sharded: msgpack)', async function () {
          const payload = { bin: Buffer.from([9, 8, 7]), token: unique('bin') };
          const result = await control(asker, 'serverSideEmitWithAck', { nsp: '/', event: 'hello', args: [toBinJson(payload)] });
          assert.equal(result.error, undefined, `error: ${result.error}`);
          const want = c().nodes.filter((n) => n.index !== asker).map((n) => ({ node: n.name, lang: n.lang, echo: toBinJson(payload) }));
          const byNode = (a, b) => a.node.localeCompare(b.node);
          assert.deepEqual([...result.responses].sort(byNode), want.sort(byNode));
        });
      }

      if (adapter === 'classic') {
        it('allRooms lists the rooms of every node', async function () {
          const result = await control(asker, 'allRooms', { nsp: '/' });
          assert.equal(result.error, undefined, `error: ${result.error}`);
          const stats = await allStats(c());
          const want = new Set();
          for (const s of stats) for (const socket of s.namespaces['/']) for (const r of socket.rooms) want.add(r);
          assert.deepEqual([...result.rooms].sort(), [...want].sort());
        });
      }

      it('nodes with no socket in a namespace still answer every request (no timeout)', async function () {
        const started = Date.now();
        const results = await Promise.all([
          control(asker, 'fetchSockets', { nsp: '/empty' }),
          control(asker, 'serverSideEmitWithAck', { nsp: '/empty', event: 'hello', args: ['anyone?'] }),
          control(asker, 'emitWithAck', { nsp: '/empty', event: 'ask', args: ['nobody'], timeout: 5000 }),
          control(asker, 'serverCount', { nsp: '/empty' }),
          ...(adapter === 'classic' ? [control(asker, 'allRooms', { nsp: '/empty' })] : []),
        ]);
        const elapsed = Date.now() - started;
        assert.deepEqual(results[0], { sockets: [] });
        const byNode = (a, b) => a.node.localeCompare(b.node);
        assert.deepEqual([...results[1].responses].sort(byNode), c().nodes.filter((n) => n.index !== asker)
          .map((n) => ({ node: n.name, lang: n.lang, echo: 'anyone?' })).sort(byNode));
        assert.deepEqual(results[2], { responses: [] });
        assert.deepEqual(results[3], { count: c().nodes.length });
        if (adapter === 'classic') assert.deepEqual(results[4], { rooms: [] });
        assert.ok(elapsed < c().requestsTimeout, `answered in ${elapsed} ms (requests timeout ${c().requestsTimeout} ms)`);
      });
    });
  }

  if (scope === 'broadcast') return;

  // Child suites run after the parent's own tests: this one last, as it stops a node for a while.
  describe('across languages, then with a node that stopped answering', function () {
    it('every node describes every socket the same way (fetchSockets across languages)', async function () {
      const views = await Promise.all(c().nodes.map((n) => control(n.index, 'fetchSockets', { nsp: '/' })));
      const normal = (view) => [...view.sockets]
        .map((s) => ({ ...s, rooms: [...s.rooms].sort() }))
        .sort((a, b) => a.id.localeCompare(b.id));
      const reference = normal(views[0]);
      for (let i = 1; i < views.length; i++) {
        assert.deepEqual(normal(views[i]), reference, `${c().nodes[i].name}'s view vs ${c().nodes[0].name}'s`);
      }
    });

    it('a request to a node that stopped answering times out with Node\'s error text', async function () {
      this.timeout(30_000);
      const frozen = c().nodes.findIndex((n) => !askers.includes(n.index));
      const pid = c().nodes[frozen].handle.child.pid;
      const timeout = c().requestsTimeout;
      process.kill(-pid, 'SIGSTOP');
      try {
        const ask = (i) => Promise.all([
          control(i, 'fetchSockets', { nsp: '/', timeout }),
          control(i, 'serverSideEmitWithAck', { nsp: '/', event: 'hello', args: ['frozen?'] }),
          control(i, 'emitWithAck', { nsp: '/', event: 'ask', args: ['frozen?'], timeout }),
          ...(adapter === 'classic' ? [control(i, 'allRooms', { nsp: '/' })] : []),
        ]);
        const answers = await Promise.all(askers.map(ask));
        for (const [k, [fetched, sse, acked, rooms]] of answers.entries()) {
          const who = c().nodes[askers[k]].name;
          assert.equal(fetched.error, adapter === 'classic'
            ? 'timeout reached while waiting for fetchSockets response'
            : 'timeout reached: only 1 responses received out of 2', `${who} fetchSockets`);
          assert.equal(sse.error, 'timeout reached: only 1 responses received out of 2', `${who} serverSideEmitWithAck`);
          const alive = c().nodes.find((n) => n.index !== frozen && n.index !== askers[k]);
          assert.deepEqual(sse.responses, [{ node: alive.name, lang: alive.lang, echo: 'frozen?' }], `${who} serverSideEmitWithAck responses`);
          assert.equal(acked.error, 'operation has timed out', `${who} emitWithAck`);
          const answering = recipients({ asker: askers[k] }).filter((x) => x.node !== frozen);
          assert.deepEqual(acked.responses.map((r) => r.id).sort(), answering.map((x) => x.id).sort(), `${who} emitWithAck responses`);
          if (adapter === 'classic') assert.equal(rooms.error, 'timeout reached while waiting for allRooms response', `${who} allRooms`);
        }
      } finally {
        process.kill(-pid, 'SIGCONT');
      }
      // Once it runs again it answers again.
      await eventually(async () => (await control(askers[0], 'serverCount', { nsp: '/' })).count === c().nodes.length);
    });
  });
}
