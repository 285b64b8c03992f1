// Disconnects with the real socket.io-client: the reason each side reports,
// and the client reconnecting on its own after the server drops it.

import assert from 'node:assert/strict';

import {
  TRANSPORTS, connected, next, request, useClients, useSocketIoServer,
} from '../support/sio.mjs';

describe('socket.io-client: disconnect reasons and reconnection', function () {
  const server = useSocketIoServer();

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      const client = useClients(server, transport);

      /** The reason the server gave for `id` leaving `nsp`, asked through another socket. */
      async function serverReason(observer, nsp, id) {
        const [reason] = await request(observer, 'disconnect-reason', nsp, id);
        return reason;
      }

      it('client disconnect(): "io client disconnect" / server "client namespace disconnect"', async function () {
        const observer = await connected(client());
        const socket = await connected(client());
        const id = socket.id;
        const disconnected = next(socket, 'disconnect');
        socket.disconnect();
        assert.deepEqual((await disconnected)[0], 'io client disconnect');
        assert.equal(await serverReason(observer, '/', id), 'client namespace disconnect');
        assert.equal(socket.active, false);
      });

      it('leaving one namespace keeps the others of the same connection', async function () {
        const main = await connected(client('/', { forceNew: false }));
        const other = main.io.socket('/dynamic-5');
        await connected(other);
        const id = other.id;
        other.disconnect();
        assert.equal(await serverReason(main, '/dynamic-5', id), 'client namespace disconnect');
        assert.equal(main.connected, true);
        assert.deepEqual(await request(main, 'echo-ack', 'alive'), ['alive']);
      });

      it('server socket.Disconnect(): "io server disconnect" / "server namespace disconnect", no reconnection', async function () {
        const observer = await connected(client());
        const socket = await connected(client());
        const id = socket.id;
        const disconnected = next(socket, 'disconnect');
        socket.emit('disconnect-me');
        assert.equal((await disconnected)[0], 'io server disconnect');
        assert.equal(await serverReason(observer, '/', id), 'server namespace disconnect');
        assert.equal(socket.active, false, 'the client must not reconnect after a server disconnect');
      });

      it('server socket.Disconnect(close: true) closes the connection too', async function () {
        const observer = await connected(client());
        const socket = await connected(client('/', { forceNew: true }));
        const id = socket.id;
        const disconnected = next(socket, 'disconnect');
        const engineClosed = next(socket.io, 'close');
        socket.emit('disconnect-me', true);
        assert.equal((await disconnected)[0], 'io server disconnect');
        await engineClosed;
        assert.equal(await serverReason(observer, '/', id), 'server namespace disconnect');
        assert.equal(socket.active, false);
      });

      it('server drops the connection: "transport close", then the client reconnects by itself', async function () {
        const observer = await connected(client());
        const socket = await connected(client());
        const firstId = socket.id;
        await request(socket, 'join', 'before-drop');

        const disconnected = next(socket, 'disconnect');
        const reconnected = next(socket.io, 'reconnect');
        socket.emit('drop-me');
        assert.equal((await disconnected)[0], 'transport close');
        assert.equal(await serverReason(observer, '/', firstId), 'forced close');

        await reconnected;
        await connected(socket);
        assert.notEqual(socket.id, firstId, 'without recovery a reconnection is a new socket');
        assert.ok(!socket.recovered, 'a socket the server had not kept cannot be recovered');
        const [me] = await request(socket, 'whoami');
        assert.deepEqual(me.rooms, [socket.id], 'without recovery the rooms are not restored');
        assert.deepEqual(await request(socket, 'echo-ack', 'back'), ['back']);
      });

      it('the client closes its transport: server "transport close", and the client reconnects', async function () {
        const observer = await connected(client());
        const socket = await connected(client());
        const firstId = socket.id;
        const disconnected = next(socket, 'disconnect');
        const reconnected = next(socket.io, 'reconnect');
        socket.io.engine.close();
        assert.equal((await disconnected)[0], 'forced close');
        assert.equal(await serverReason(observer, '/', firstId), 'transport close');
        await reconnected;
        await connected(socket);
        assert.notEqual(socket.id, firstId);
      });

      it('a client that disconnected can connect again by hand', async function () {
        const socket = await connected(client());
        const firstId = socket.id;
        socket.disconnect();
        await connected(socket);
        assert.notEqual(socket.id, firstId);
        assert.deepEqual(await request(socket, 'echo-ack', 1), [1]);
      });
    });
  }
});
