// Caps and rate limits from the real socket.io-client (§6 P1 rows 42 and 43, and the origin check of P0 row 21):
// the test server runs with small limits set through its environment (see SocketIoTestServer/Program.cs).

import assert from 'node:assert/strict';

import {
  TRANSPORTS, connected, next, refused, request, useClients, useSocketIoServer,
} from '../support/sio.mjs';

/** The reason the server gave for `id` leaving `nsp`, asked through another socket. */
async function serverReason(observer, nsp, id) {
  const [reason] = await request(observer, 'disconnect-reason', nsp, id);
  return reason;
}

describe('P1 row 42: per-socket rate limit', function () {
  const server = useSocketIoServer({
    SocketIo__InboundRateLimit__Burst: '20',
    SocketIo__InboundRateLimit__PermitsPerSecond: '5',
    SocketIo__InboundRateLimit__Action: 'Disconnect',
  });

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      const client = useClients(server, transport);

      it('a flooding socket is throttled, then disconnected ("io server disconnect"); another client is still answered', async function () {
        const observer = await connected(client());
        const flooder = await connected(client());
        const id = flooder.id;
        const disconnected = next(flooder, 'disconnect');
        let answered = 0;
        for (let i = 0; i < 500; i++) flooder.emit('echo-ack', i, () => { answered += 1; });

        assert.equal((await disconnected)[0], 'io server disconnect');
        assert.ok(answered > 0 && answered <= 25, `the burst (20, less the CONNECT) was answered, then nothing: ${answered}`);
        assert.equal(flooder.active, false, 'the client must not reconnect after a server disconnect');
        assert.equal(await serverReason(observer, '/', id), 'rate limit exceeded');

        const started = Date.now();
        assert.deepEqual(await request(observer, 'echo-ack', 'still here'), ['still here']);
        assert.ok(Date.now() - started < 2_000, 'the other client is answered promptly');
      });

      it('a client within the rate is never limited', async function () {
        const socket = await connected(client());
        for (let i = 0; i < 15; i++) {
          assert.deepEqual(await request(socket, 'echo-ack', i), [i]);
        }
        assert.equal(socket.connected, true);
      });
    });
  }
});

describe('P1 row 42: connections per IP', function () {
  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      // A server per transport: a slot comes back only once the server saw the previous test's clients go.
      const server = useSocketIoServer({ Engine__MaxConnectionsPerIp: '3' });
      const client = useClients(server, transport);

      it('the connection past the cap gets connect_error; the others stay connected and answered', async function () {
        const sockets = [];
        for (let i = 0; i < 3; i++) sockets.push(await connected(client()));

        const extra = client('/', { reconnection: false });
        const error = await refused(extra);
        assert.ok(error instanceof Error);
        assert.equal(extra.connected, false);

        for (const socket of sockets) {
          assert.equal(socket.connected, true);
          assert.deepEqual(await request(socket, 'echo-ack', 'ok'), ['ok']);
        }
      });
    });
  }
});

describe('P1 row 43: per-user connection cap', function () {
  // Per node: a cluster-wide counter is later work.
  const server = useSocketIoServer({ SocketIo__MaxConnectionsPerUser: '2', USER_FROM_QUERY: '1' });

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      const client = useClients(server, transport);
      // Names differ per transport: the previous transport's sockets may still be leaving.
      const as = (user, nsp = '/', options = {}) => client(nsp, { query: { user: `${user}-${transport}` }, ...options });

      it('the socket past the cap gets connect_error "Too many connections"; other users connect', async function () {
        const first = await connected(as('alice'));
        await connected(as('alice', '/dynamic-1'));

        const third = as('alice', '/', { reconnection: false });
        const error = await refused(third);
        assert.equal(error.message, 'Too many connections');

        await connected(as('bob'));
        assert.deepEqual(await request(first, 'echo-ack', 'ok'), ['ok']);
      });

      it('a disconnect gives the slot back', async function () {
        const observer = await connected(as('carol-observer'));
        const first = await connected(as('carol'));
        await connected(as('carol'));
        const error = await refused(as('carol', '/', { reconnection: false }));
        assert.equal(error.message, 'Too many connections');

        const id = first.id;
        first.disconnect();
        assert.equal(await serverReason(observer, '/', id), 'client namespace disconnect');

        await connected(as('carol'));
      });
    });
  }
});

describe('P0 row 21: origin check, from the real client', function () {
  const server = useSocketIoServer();
  // Node's XHR refuses to set Origin, so only the WebSocket transport can present a foreign one.
  const client = useClients(server, 'websocket');

  it('a WebSocket from a foreign origin is refused; the same origin and no origin connect', async function () {
    const evil = client('/', { extraHeaders: { Origin: 'https://evil.example' }, reconnection: false });
    await refused(evil);
    assert.equal(evil.connected, false);

    await connected(client('/', { extraHeaders: { Origin: server.url } }));
    await connected(client());
  });
});
