// Events with the real socket.io-client: volatile emits, and the catch-all
// listeners (onAny / onAnyOutgoing) on both the server and the client.

import assert from 'node:assert/strict';

import {
  TRANSPORTS, connected, next, record, request, useClients, useSocketIoServer,
} from '../support/sio.mjs';

describe('socket.io-client: volatile and catch-all listeners', function () {
  const server = useSocketIoServer();

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      const client = useClients(server, transport);

      it('a volatile emit reaches a client whose transport is writable', async function () {
        const socket = await connected(client());
        const got = next(socket, 'flash');
        const [sent] = await request(socket, 'volatile-to-me', 'flash', { n: 1 });
        assert.equal(sent, true);
        assert.deepEqual(await got, [{ n: 1 }]);
      });

      it('a volatile broadcast reaches the room', async function () {
        const a = await connected(client());
        const b = await connected(client());
        await request(b, 'join', 'v');
        const got = next(b, 'flash');
        await request(a, 'volatile-broadcast-to-room', 'v', 'flash', 'x');
        assert.deepEqual(await got, ['x']);
      });

      it('the client\'s volatile emit is not buffered while it is disconnected', async function () {
        const socket = client('/', { autoConnect: false });
        socket.volatile.emit('dropped-while-offline');
        socket.emit('buffered-while-offline');
        await connected(socket);
        // Emits made before the connection are sent right after it, in order; the marker follows them.
        const [names] = await request(socket, 'incoming-events');
        assert.deepEqual(names.filter((n) => n !== 'incoming-events'), ['buffered-while-offline']);
      });

      it('server onAny sees every incoming event in order', async function () {
        const socket = await connected(client());
        socket.emit('first', 1);
        socket.emit('second', Buffer.from([2]));
        await request(socket, 'echo-ack', 'third');
        const [names] = await request(socket, 'incoming-events');
        assert.deepEqual(names, ['first', 'second', 'echo-ack', 'incoming-events']);
      });

      it('server onAnyOutgoing sees every emitted event with its arguments, broadcasts included', async function () {
        const socket = client();
        const welcome = next(socket, 'welcome');
        await connected(socket);
        await welcome;
        const echoed = next(socket, 'echo');
        socket.emit('echo', 'a', 1);
        await echoed;
        const room = next(socket, 'news');
        await request(socket, 'broadcast-to-room', socket.id, 'news', { k: 'v' });
        await room;
        const [sent] = await request(socket, 'outgoing-events');
        assert.deepEqual(sent.map((e) => e[0]), ['welcome', 'echo', 'news']);
        assert.deepEqual(sent.slice(1), [['echo', 'a', 1], ['news', { k: 'v' }]]);
      });

      it('client onAny and onAnyOutgoing see the events of the real exchange', async function () {
        const socket = client('/', { autoConnect: false });
        const incoming = [];
        const outgoing = [];
        socket.onAny((event, ...args) => incoming.push([event, ...args]));
        socket.onAnyOutgoing((event, ...args) => outgoing.push([event, ...args]));
        const welcome = next(socket, 'welcome');
        await connected(socket);
        await welcome;
        const echoed = next(socket, 'echo');
        socket.emit('echo', 'ping', 2);
        await echoed;
        assert.deepEqual(incoming, [
          ['welcome', { nsp: '/', id: socket.id, recovered: false }],
          ['echo', 'ping', 2],
        ]);
        assert.deepEqual(outgoing, [['echo', 'ping', 2]]);
      });

      it('events with no server listener are ignored, and the connection keeps working', async function () {
        const socket = await connected(client());
        socket.emit('nobody-listens', 1, 2, 3);
        const got = record(socket, 'echo');
        const echoed = next(socket, 'echo');
        socket.emit('echo', 'still here');
        await echoed;
        assert.deepEqual(got, [['still here']]);
      });
    });
  }
});
