// Acknowledgements both ways with the real socket.io-client, and broadcast
// acknowledgements with a timeout (io.to(room).timeout(t).emitWithAck).

import assert from 'node:assert/strict';

import {
  TRANSPORTS, connected, request, useClients, useSocketIoServer,
} from '../support/sio.mjs';

describe('socket.io-client: acknowledgements', function () {
  const server = useSocketIoServer();

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      const client = useClients(server, transport);

      it('client -> server: the callback gets every argument of the server\'s ack', async function () {
        const socket = await connected(client());
        const answer = await request(socket, 'echo-ack', 1, 'two', { three: 3 }, [null, true], -0.5);
        assert.deepEqual(answer, [1, 'two', { three: 3 }, [null, true], -0.5]);
      });

      it('client -> server: emitWithAck resolves with the first argument', async function () {
        const socket = await connected(client());
        assert.deepEqual(await socket.emitWithAck('echo-ack', { a: 'b' }, 'ignored'), { a: 'b' });
      });

      it('client -> server: an ack with no arguments', async function () {
        const socket = await connected(client());
        assert.deepEqual(await request(socket, 'echo-ack'), []);
      });

      it('server -> client: the server awaits the client\'s ack and gets its arguments', async function () {
        const socket = await connected(client());
        socket.on('add', (x, y, callback) => callback(x + y, 'sum'));
        assert.deepEqual(await request(socket, 'emit-with-ack-to-me', 'add', 2, 40), [42, 'sum']);
      });

      it('server -> client: a client that never answers makes the server\'s timeout fire', async function () {
        const socket = await connected(client());
        let asked = 0;
        socket.on('ignored', () => { asked += 1; });
        const [result] = await request(socket, 'emit-with-ack-to-me-timeout', 200, 'ignored', 'x');
        assert.deepEqual(result, { timedOut: true, answer: null });
        assert.equal(asked, 1);
      });

      it('server -> client: an answer in time beats the server\'s timeout', async function () {
        const socket = await connected(client());
        socket.on('quick', (x, callback) => callback(x * 2));
        const [result] = await request(socket, 'emit-with-ack-to-me-timeout', 5_000, 'quick', 21);
        assert.deepEqual(result, { timedOut: false, answer: [42] });
      });

      it('broadcast with ack: collects one answer per socket in the room', async function () {
        const sockets = await Promise.all(['a', 'b', 'c'].map(async (name) => {
          const s = await connected(client());
          s.on('roll-call', (prefix, callback) => callback(`${prefix}${name}`));
          return s;
        }));
        for (const s of sockets.slice(0, 2)) await request(s, 'join', 'acks');
        const [result] = await request(sockets[2], 'broadcast-with-ack', 'acks', 5_000, 'roll-call', 'hi-');
        assert.equal(result.timedOut, false);
        assert.deepEqual([...result.responses].sort(), ['hi-a', 'hi-b']);
      });

      it('broadcast with ack: a silent socket makes it time out with the answers that did come', async function () {
        const talker = await connected(client());
        const silent = await connected(client());
        talker.on('roll-call', (callback) => callback('here'));
        let silentAsked = 0;
        silent.on('roll-call', () => { silentAsked += 1; });
        await request(talker, 'join', 'acks');
        await request(silent, 'join', 'acks');
        const started = Date.now();
        const [result] = await request(talker, 'broadcast-with-ack', 'acks', 300, 'roll-call');
        assert.ok(Date.now() - started >= 250, 'answered before the timeout');
        assert.deepEqual(result, { timedOut: true, responses: ['here'] });
        assert.equal(silentAsked, 1);
      });

      it('broadcast with ack to an empty room resolves at once with no answers', async function () {
        const socket = await connected(client());
        const [result] = await request(socket, 'broadcast-with-ack', 'nobody-here', 5_000, 'roll-call');
        assert.deepEqual(result, { timedOut: false, responses: [] });
      });
    });
  }
});
