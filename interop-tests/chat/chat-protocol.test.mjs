// The chat sample's protocol (samples/Chat/README.md) with the npm socket.io-client, no browser: login, handshake
// authentication, rooms from auth, join/leave/rooms/message/typing and presence.

import assert from 'node:assert/strict';
import path from 'node:path';
import { io } from 'socket.io-client';
import { REPO_ROOT, useServer } from '../support/server.mjs';

const CHAT_DLL = path.join(REPO_ROOT, 'samples', 'Chat', 'bin', 'Release', 'net10.0', 'Chat.dll');

/** Resolves with the first `event` for which `accept(...args)` holds. */
function next(socket, event, accept = () => true) {
  return new Promise((resolve) => {
    const listener = (...args) => {
      if (!accept(...args)) return;
      socket.off(event, listener);
      resolve(args[0]);
    };
    socket.on(event, listener);
  });
}

describe('samples/Chat protocol (socket.io-client)', function () {
  const server = useServer({
    name: 'Chat', command: 'dotnet', args: (port) => [CHAT_DLL, '--urls', `http://127.0.0.1:${port}`], probePath: '/',
  });
  const sockets = [];

  async function login(name) {
    const response = await fetch(`${server.url}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }),
    });
    return { status: response.status, body: await response.json() };
  }

  /** A connected client of `name` (auth as given, the token added). */
  async function connect(name, auth = {}) {
    const { body } = await login(name);
    const socket = io(server.url, { auth: { token: body.token, ...auth }, reconnection: false });
    sockets.push(socket);
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  it('login issues a token for a trimmed name of 1-32 characters, else 400', async () => {
    const ok = await login('  alice ');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.name, 'alice');
    const claims = JSON.parse(Buffer.from(ok.body.token.split('.')[1], 'base64url').toString());
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.name, 'alice');
    assert.equal(claims.exp - claims.iat, 12 * 3600);
    assert.equal((await login('   ')).status, 400);
    assert.equal((await login('x'.repeat(33))).status, 400);
  });

  it('refuses a handshake without a valid token', async () => {
    for (const auth of [{}, { token: 'not.a.jwt' }]) {
      const socket = io(server.url, { auth, reconnection: false });
      sockets.push(socket);
      const error = await next(socket, 'connect_error');
      assert.equal(error.message, 'unauthorized');
    }
  });

  it('joins the rooms named in auth ("general" when none) and reports them with their users', async () => {
    const alice = await connect('alice', { rooms: ['general', 'random', 'Bad:Room'] });
    const bob = await connect('bob');
    assert.deepEqual((await alice.emitWithAck('rooms')).map((r) => r.name), ['general', 'random']);
    const bobRooms = await bob.emitWithAck('rooms');
    assert.deepEqual(bobRooms.map(({ name, users }) => ({ name, users })), [{ name: 'general', users: ['alice', 'bob'] }]);
  });

  it('join and leave answer and tell the room who is there', async () => {
    const alice = await connect('alice', { rooms: [] });
    const bob = await connect('bob', { rooms: ['lobby'] });
    const bobSeesAlice = next(bob, 'presence', (p) => p.room === 'lobby' && p.users.includes('alice'));
    const joined = await alice.emitWithAck('join', 'lobby');
    assert.deepEqual({ ...joined, messages: undefined }, { ok: true, room: 'lobby', users: ['alice', 'bob'], messages: undefined });
    assert.deepEqual((await bobSeesAlice).users, ['alice', 'bob']);

    const bobSeesAliceGone = next(bob, 'presence', (p) => p.room === 'lobby' && !p.users.includes('alice'));
    assert.deepEqual(await alice.emitWithAck('leave', 'lobby'), { ok: true, room: 'lobby' });
    assert.deepEqual((await bobSeesAliceGone).users, ['bob']);

    const bobSeesAliceBack = next(bob, 'presence', (p) => p.room === 'lobby' && p.users.includes('alice'));
    await alice.emitWithAck('join', 'lobby');
    await bobSeesAliceBack;
    const bobSeesDisconnect = next(bob, 'presence', (p) => p.room === 'lobby' && !p.users.includes('alice'));
    alice.disconnect();
    assert.deepEqual((await bobSeesDisconnect).users, ['bob']);

    assert.ok((await bob.emitWithAck('join', 'user:alice')).error);
    assert.ok((await bob.emitWithAck('join', 42)).error);
  });

  it('message goes to the whole room (sender included), is acknowledged, and is kept for late joiners', async () => {
    const alice = await connect('alice');
    const bob = await connect('bob');
    const toAlice = next(alice, 'message');
    const toBob = next(bob, 'message');
    const receipt = await alice.emitWithAck('message', { room: 'general', text: 'hello', clientId: 'c-1' });
    assert.match(receipt.id, /^[0-9a-f]{32}$/);
    assert.match(receipt.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const expected = { id: receipt.id, room: 'general', user: 'alice', text: 'hello', at: receipt.at, clientId: 'c-1' };
    assert.deepEqual(await toAlice, expected);
    assert.deepEqual(await toBob, expected);

    const carol = await connect('carol', { rooms: [] });
    const joined = await carol.emitWithAck('join', 'general');
    assert.deepEqual(joined.messages.at(-1), expected);
  });

  it('refuses a bad message with an error', async () => {
    const alice = await connect('alice');
    const refusals = [
      { room: 'elsewhere', text: 'not joined' },
      { room: 'general', text: '   ' },
      { room: 'general', text: 'x'.repeat(2001) },
      { room: 'general', text: 42 },
    ];
    for (const message of refusals) {
      const ack = await alice.emitWithAck('message', message);
      assert.equal(typeof ack.error, 'string', JSON.stringify(message));
    }
    assert.ok((await alice.emitWithAck('message', { room: 'general', text: 'x'.repeat(2000) })).id);
  });

  it('typing reaches the room but not the sender', async () => {
    const alice = await connect('alice');
    const bob = await connect('bob');
    let aliceGotTyping = false;
    alice.on('typing', () => { aliceGotTyping = true; });
    let toBob;
    bob.once('typing', (t) => { toBob = t; });
    // Typing notices are volatile: one that meets a busy transport (e.g. bob's still upgrading from polling) is
    // dropped, as designed. So alice repeats it, a round trip apart, until one gets through.
    for (let attempt = 0; attempt < 100 && toBob === undefined; attempt++) {
      alice.emit('typing', { room: 'general', typing: true });
      await alice.emitWithAck('rooms');
      if (toBob === undefined) await bob.emitWithAck('rooms');
    }
    assert.deepEqual(toBob, { room: 'general', user: 'alice', typing: true });
    // Had alice been sent one, it would have come before the answer to her next request.
    await alice.emitWithAck('rooms');
    assert.equal(aliceGotTyping, false);
  });
});
