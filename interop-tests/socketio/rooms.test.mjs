// Rooms and broadcasts with the real socket.io-client. To show that a socket
// did NOT get a broadcast, the test then sends it a marker through the same
// namespace: packets to one socket keep their order, so once the marker is in,
// the broadcast would have been too.

import assert from 'node:assert/strict';

import {
  TRANSPORTS, connected, next, record, request, useClients, useSocketIoServer,
} from '../support/sio.mjs';

describe('socket.io-client: rooms and broadcasts', function () {
  const server = useSocketIoServer();

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      const client = useClients(server, transport);

      async function three() {
        const sockets = [client(), client(), client()];
        await Promise.all(sockets.map((s) => connected(s)));
        return sockets;
      }

      /** Sends `marker` to each socket (through its own room) and waits until each has it. */
      async function flush(sender, sockets) {
        await Promise.all(sockets.map(async (s) => {
          const got = next(s, 'marker');
          await request(sender, 'broadcast-to-room', s.id, 'marker');
          await got;
        }));
      }

      it('join and leave change the socket\'s rooms', async function () {
        const [a] = await three();
        assert.deepEqual(await request(a, 'join', 'r1'), [[a.id, 'r1'].sort()]);
        assert.deepEqual(await request(a, 'join', 'r2'), [[a.id, 'r1', 'r2'].sort()]);
        assert.deepEqual(await request(a, 'leave', 'r1'), [[a.id, 'r2'].sort()]);
        const [me] = await request(a, 'whoami');
        assert.deepEqual(me.rooms, [a.id, 'r2'].sort());
      });

      it('a broadcast to a room reaches its members only, the sender included', async function () {
        const [a, b, c] = await three();
        await request(a, 'join', 'room');
        await request(b, 'join', 'room');
        const got = [a, b, c].map((s) => record(s, 'news'));

        await request(c, 'broadcast-to-room', 'room', 'news', 1, 'two', { three: [3] });
        await flush(c, [a, b, c]);
        assert.deepEqual(got, [[[1, 'two', { three: [3] }]], [[1, 'two', { three: [3] }]], []]);
      });

      it('after leaving, a socket no longer gets the room\'s broadcasts', async function () {
        const [a, b, c] = await three();
        await request(a, 'join', 'room');
        await request(b, 'join', 'room');
        await request(b, 'leave', 'room');
        const got = [a, b].map((s) => record(s, 'news'));

        await request(c, 'broadcast-to-room', 'room', 'news', 'x');
        await flush(c, [a, b]);
        assert.deepEqual(got, [[['x']], []]);
      });

      it('socket.to(room) leaves the sender out', async function () {
        const [a, b, c] = await three();
        for (const s of [a, b, c]) await request(s, 'join', 'room');
        const got = [a, b, c].map((s) => record(s, 'news'));

        await request(a, 'broadcast-to-room-except-me', 'room', 'news', 'hi');
        await flush(c, [a, b, c]);
        assert.deepEqual(got, [[], [['hi']], [['hi']]]);
      });

      it('except(room) reaches everyone in the namespace but the room', async function () {
        const [a, b, c] = await three();
        await request(b, 'join', 'quiet');
        const got = [a, b, c].map((s) => record(s, 'news'));

        await request(a, 'broadcast-except-room', 'quiet', 'news', 'loud');
        await flush(a, [a, b, c]);
        assert.deepEqual(got, [[['loud']], [], [['loud']]]);
      });

      it('a disconnected socket leaves all its rooms', async function () {
        const [a, b, c] = await three();
        await request(a, 'join', 'room');
        await request(b, 'join', 'room');
        const gotA = record(a, 'news');
        const aId = a.id;
        a.disconnect();
        await request(c, 'disconnect-reason', '/', aId);
        const news = next(b, 'news');

        await request(c, 'broadcast-to-room', 'room', 'news', 'after');
        assert.deepEqual(await news, ['after']);
        assert.deepEqual(gotA, []);
      });
    });
  }
});
