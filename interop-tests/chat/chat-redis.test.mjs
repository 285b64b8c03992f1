// Two Chat sample instances sharing rooms through a real redis-server (--redis): presence spans both nodes (it comes
// from FetchSockets on the room) and a message sent on one node reaches the room's clients on the other.

import assert from 'node:assert/strict';
import path from 'node:path';
import { io } from 'socket.io-client';
import { startRedis } from '../support/redis.mjs';
import { REPO_ROOT, startServer } from '../support/server.mjs';

const CHAT_DLL = path.join(REPO_ROOT, 'samples', 'Chat', 'bin', 'Release', 'net10.0', 'Chat.dll');

describe('samples/Chat with --redis (two nodes)', function () {
  this.timeout(60_000);
  let redis;
  const nodes = [];
  const sockets = [];

  before(async function () {
    redis = await startRedis();
    for (const name of ['chat-a', 'chat-b']) {
      nodes.push(await startServer({
        name,
        command: 'dotnet',
        args: (port) => [CHAT_DLL, '--urls', `http://127.0.0.1:${port}`, '--redis', `redis://127.0.0.1:${redis.port}`],
        probePath: '/',
      }));
    }
  });

  afterEach(function () {
    for (const socket of sockets.splice(0)) socket.disconnect();
    if (this.currentTest?.state !== 'failed') return;
    for (const node of nodes) process.stderr.write(`\n--- ${node.description} (tail) ---\n${node.output().slice(-3000)}\n`);
  });

  after(async function () {
    for (const node of nodes.splice(0)) await node.stop();
    if (redis) await redis.stop();
  });

  async function connect(node, name) {
    const response = await fetch(`${node.url}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }),
    });
    const { token } = await response.json();
    const socket = io(node.url, { auth: { token, rooms: ['general'] }, reconnection: false, transports: ['websocket'] });
    sockets.push(socket);
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }

  it('presence and messages cross the nodes', async () => {
    const alice = await connect(nodes[0], 'alice');
    const bob = await connect(nodes[1], 'bob');

    // Users come from FetchSockets on the room: node B asks node A through Redis, and the other way round.
    const joined = await bob.emitWithAck('join', 'general');
    assert.deepEqual(joined.users, ['alice', 'bob']);
    assert.deepEqual((await alice.emitWithAck('rooms')).find((r) => r.name === 'general').users, ['alice', 'bob']);

    const toBob = new Promise((resolve) => bob.once('message', resolve));
    const receipt = await alice.emitWithAck('message', { room: 'general', text: 'across', clientId: 'x1' });
    const message = await toBob;
    assert.equal(message.id, receipt.id);
    assert.equal(message.user, 'alice');
    assert.equal(message.text, 'across');

    const aliceSeesBobGone = new Promise((resolve) => {
      alice.on('presence', (p) => { if (p.room === 'general' && !p.users.includes('bob')) resolve(p.users); });
    });
    bob.disconnect();
    assert.deepEqual(await aliceSeesBobGone, ['alice']);
  });
});
