// Handshake authentication and namespace authorization with the real
// socket.io-client, against the test server with JWT on (JWT_SERVER_ENV):
// the token travels in the CONNECT auth payload (io(url, { auth: { token } })),
// the server validates it with its JwtBearer options, and every refusal is a
// connect_error whose message is exactly "unauthorized" (or "forbidden" for an
// authenticated user a namespace's policy denies), with no data.

import assert from 'node:assert/strict';

import { JWT_SERVER_ENV, mintToken } from '../support/jwt.mjs';
import {
  TRANSPORTS, connected, next, refused, request, useClients, useSocketIoServer,
} from '../support/sio.mjs';

/** Asserts a bare refusal: the message, no data, no socket, no automatic retry. */
async function assertRefused(socket, message) {
  const err = await refused(socket);
  assert.equal(err.message, message);
  assert.equal(err.data, undefined);
  assert.equal(socket.connected, false);
  assert.equal(socket.active, false);
}

describe('P0 row 22: JWT handshake authentication from the real socket.io-client', function () {
  const server = useSocketIoServer(JWT_SERVER_ENV);

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      const client = useClients(server, transport);

      it('no token: unauthorized', async function () {
        await assertRefused(client('/secure'), 'unauthorized');
      });

      it('expired token: unauthorized', async function () {
        await assertRefused(client('/secure', { auth: { token: mintToken('ada', { expiresIn: -60 }) } }), 'unauthorized');
      });

      it('wrong signature: unauthorized', async function () {
        const token = mintToken('ada', { key: 'a-key-the-server-does-not-trust-0123456789' });
        await assertRefused(client('/secure', { auth: { token } }), 'unauthorized');
      });

      it('alg none (unsigned): unauthorized', async function () {
        await assertRefused(client('/secure', { auth: { token: mintToken('ada', { alg: 'none' }) } }), 'unauthorized');
      });

      it('wrong audience: unauthorized', async function () {
        const token = mintToken('ada', { claims: { aud: 'another-api' } });
        await assertRefused(client('/secure', { auth: { token } }), 'unauthorized');
      });

      it('a bad token is refused on an open namespace too', async function () {
        await assertRefused(client('/', { auth: { token: mintToken('ada', { alg: 'none' }) } }), 'unauthorized');
      });

      it('valid token: connects, and the socket\'s user carries its claims', async function () {
        const socket = client('/secure', { auth: { token: mintToken('ada') } });
        await connected(socket);
        const [claims] = await request(socket, 'claims');
        assert.deepEqual(claims, { sub: 'ada', admin: false });
      });

      it('a "Bearer " prefix is accepted', async function () {
        await connected(client('/secure', { auth: { token: `Bearer ${mintToken('ada')}` } }));
      });

      it('the socket is disconnected when its token expires; a fresh token gets it back', async function () {
        let token = mintToken('ada', { expiresIn: 3 });
        const socket = client('/secure', { auth: (cb) => cb({ token }) });
        await connected(socket);
        const [reason] = await next(socket, 'disconnect');
        assert.equal(reason, 'io server disconnect');
        token = mintToken('ada');
        await connected(socket);
        const [claims] = await request(socket, 'claims');
        assert.equal(claims.sub, 'ada');
      });
    });
  }
});

describe('P0 row 23: per-namespace authorization from the real socket.io-client', function () {
  const server = useSocketIoServer(JWT_SERVER_ENV);

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      const client = useClients(server, transport);

      it('a user authorised for / is forbidden on /secure-admin, and its / socket is unaffected', async function () {
        const token = mintToken('ada');
        const main = client('/', { forceNew: false, multiplex: true, auth: { token } });
        await connected(main);
        const admin = main.io.socket('/secure-admin', { auth: { token } });
        admin.connect();
        try {
          await assertRefused(admin, 'forbidden');
          assert.equal(main.connected, true);
          const [echoed] = await request(main, 'echo-ack', 'still here');
          assert.equal(echoed, 'still here');
        } finally {
          admin.disconnect();
        }
      });

      it('an admin token joins /secure-admin', async function () {
        const socket = client('/secure-admin', { auth: { token: mintToken('root', { claims: { role: 'admin' } }) } });
        await connected(socket);
        const [claims] = await request(socket, 'claims');
        assert.deepEqual(claims, { sub: 'root', admin: true });
      });
    });
  }
});
