// Namespaces with the real socket.io-client: the main one, a static one
// behind a middleware, dynamic ones (a RegExp parent), and middleware refusals.

import assert from 'node:assert/strict';

import {
  TRANSPORTS, connected, next, refused, request, useClients, useSocketIoServer,
} from '../support/sio.mjs';

describe('socket.io-client: namespaces and middlewares', function () {
  const server = useSocketIoServer();

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      const client = useClients(server, transport);

      it('connects to the main namespace and gets a 20-character id', async function () {
        const socket = client('/');
        const [welcome] = await Promise.all([next(socket, 'welcome').then(([w]) => w), connected(socket)]);
        assert.match(socket.id, /^[A-Za-z0-9_-]{20}$/);
        assert.deepEqual(welcome, { nsp: '/', id: socket.id, recovered: false });
        assert.equal(socket.io.engine.transport.name, transport);
        const [me] = await request(socket, 'whoami');
        assert.deepEqual(me, { id: socket.id, nsp: '/', recovered: false, rooms: [socket.id], auth: {} });
      });

      it('multiplexes several namespaces over one connection', async function () {
        const main = client('/', { forceNew: false, multiplex: true });
        const privateNsp = main.io.socket('/private', { auth: { token: 'secret' } });
        const dynamic = main.io.socket('/dynamic-7');
        await Promise.all([connected(main), connected(privateNsp), connected(dynamic)]);
        try {
          assert.equal(privateNsp.io, main.io);
          const [a, b, c] = await Promise.all([
            request(main, 'whoami'), request(privateNsp, 'whoami'), request(dynamic, 'whoami')]);
          assert.deepEqual([a[0].nsp, b[0].nsp, c[0].nsp], ['/', '/private', '/dynamic-7']);
          assert.equal(new Set([main.id, privateNsp.id, dynamic.id]).size, 3);
        } finally {
          privateNsp.disconnect();
          dynamic.disconnect();
        }
      });

      it('passes the auth payload to the server', async function () {
        const socket = client('/', { auth: { token: 'abc', nested: { n: 1 } } });
        await connected(socket);
        const [me] = await request(socket, 'whoami');
        assert.deepEqual(me.auth, { token: 'abc', nested: { n: 1 } });
      });

      it('a namespace middleware that throws refuses with its message and data', async function () {
        const socket = client('/private', { auth: { token: 'wrong' } });
        const err = await refused(socket);
        assert.equal(err.message, 'not authorized');
        assert.deepEqual(err.data, { code: 401 });
        assert.equal(socket.connected, false);
        // A middleware error does not make the client retry on its own.
        assert.equal(socket.active, false);
      });

      it('without auth at all the middleware refuses too', async function () {
        const err = await refused(client('/private'));
        assert.equal(err.message, 'not authorized');
        assert.deepEqual(err.data, { code: 401 });
      });

      it('the middleware lets the right token in', async function () {
        const socket = client('/private', { auth: { token: 'secret' } });
        const [[welcome]] = await Promise.all([next(socket, 'welcome'), connected(socket)]);
        assert.deepEqual(welcome, { nsp: '/private', id: socket.id, recovered: false });
      });

      it('connects to dynamic namespaces matching the RegExp, each its own namespace', async function () {
        const a = client('/dynamic-1');
        const b = client('/dynamic-22');
        const [[wa], [wb]] = await Promise.all([next(a, 'welcome'), next(b, 'welcome'), connected(a), connected(b)]);
        assert.equal(wa.nsp, '/dynamic-1');
        assert.equal(wb.nsp, '/dynamic-22');

        // A broadcast in one child namespace does not reach the other.
        const gotB = [];
        b.on('news', (x) => gotB.push(x));
        const news = next(a, 'news');
        await request(a, 'broadcast-to-room', a.id, 'news', 'for a only');
        assert.deepEqual(await news, ['for a only']);
        const [me] = await request(b, 'whoami');
        assert.equal(me.nsp, '/dynamic-22');
        assert.deepEqual(gotB, []);
      });

      it('refuses a namespace that neither exists nor matches', async function () {
        const err = await refused(client('/dynamic-abc'));
        assert.equal(err.message, 'Invalid namespace');
      });

      it('the dynamic parent\'s middleware runs for its children', async function () {
        const err = await refused(client('/dynamic-3', { auth: { banned: 'yes' } }));
        assert.equal(err.message, 'banned');
        assert.deepEqual(err.data, { code: 403 });
        await connected(client('/dynamic-3', { auth: { banned: 'no' } }));
      });
    });
  }
});
