// Connection state recovery with the real socket.io-client, against a server
// started with CSR=1: a client whose connection drops for a recoverable reason
// and comes back in time gets its id and rooms back and exactly the events it
// missed, none lost and none twice. (With recovery on, the server appends an
// offset to each event as its last argument, as Node's socket.io does.)

import assert from 'node:assert/strict';

import {
  TRANSPORTS, connected, next, request, until, useClients, useSocketIoServer,
} from '../support/sio.mjs';

// Long enough that the broadcasts "while away" are done well before the first
// reconnection attempt; each is one acknowledged round trip on localhost.
const RECONNECT_DELAY_MS = 1_000;

describe('socket.io-client: connection state recovery', function () {
  const server = useSocketIoServer({ CSR: '1' });

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      const client = useClients(server, transport);

      /** A client in room "feed" recording the "seq" events it gets: { socket, seqs, offsets }. */
      async function subscriber() {
        const socket = client('/', { reconnectionDelay: RECONNECT_DELAY_MS, reconnectionDelayMax: RECONNECT_DELAY_MS });
        const seqs = [];
        const offsets = [];
        socket.on('seq', (n, offset) => {
          seqs.push(n);
          offsets.push(offset);
        });
        await connected(socket);
        await request(socket, 'join', 'feed');
        return { socket, seqs, offsets };
      }

      async function broadcastSeq(sender, from, to) {
        for (let n = from; n <= to; n++) await request(sender, 'broadcast-to-room', 'feed', 'seq', n);
      }

      /**
       * Drops `socket` with `drop`, broadcasts `from`..8 (and a volatile event) while it is away, and resolves once
       * it is back. Fails if it tried to reconnect before those broadcasts were done.
       */
      async function awayAndBack(sender, socket, drop, from = 4) {
        let attempted = false;
        socket.io.once('reconnect_attempt', () => { attempted = true; });
        const disconnected = next(socket, 'disconnect');
        const welcomeBack = next(socket, 'welcome');
        drop();
        const [reason] = await disconnected;
        await broadcastSeq(sender, from, 8);
        await request(sender, 'volatile-broadcast-to-room', 'feed', 'seq', 'volatile-while-away');
        assert.equal(attempted, false, 'the client came back before the missed events were sent; raise RECONNECT_DELAY_MS');
        await connected(socket);
        return { reason, welcome: (await welcomeBack)[0] };
      }

      async function assertRecovered(sender, sub, firstId, welcome) {
        assert.equal(sub.socket.recovered, true);
        assert.equal(sub.socket.id, firstId);
        assert.equal(welcome.recovered, true);
        assert.equal(welcome.id, firstId);
        const [me] = await request(sub.socket, 'whoami');
        assert.equal(me.recovered, true);
        assert.deepEqual(me.rooms, [firstId, 'feed'].sort(), 'the rooms come back with the session');

        // Still in the room after recovery; the ack to its own request comes after everything sent to it before.
        await broadcastSeq(sender, 9, 10);
        await until(sub.socket, 'seq', () => sub.seqs.length >= 10);
        await request(sub.socket, 'whoami');
        assert.deepEqual(sub.seqs, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'missed events lost, duplicated or out of order');
        assert.ok(sub.offsets.every((o) => typeof o === 'string' && o.length > 0), `offsets: ${JSON.stringify(sub.offsets)}`);
        assert.equal(new Set(sub.offsets).size, sub.offsets.length, 'offsets are unique');
      }

      it('the CONNECT reply carries a private session id, and events an offset', async function () {
        const sender = await connected(client());
        const sub = await subscriber();
        assert.ok(!sub.socket.recovered);
        assert.equal(typeof sub.socket._pid, 'string');
        await broadcastSeq(sender, 1, 1);
        await until(sub.socket, 'seq', () => sub.seqs.length === 1);
        assert.equal(sub.socket._lastOffset, sub.offsets[0]);
      });

      it('after the server drops the transport: same id, same rooms, every missed event exactly once', async function () {
        const sender = await connected(client());
        const sub = await subscriber();
        await broadcastSeq(sender, 1, 3);
        await until(sub.socket, 'seq', () => sub.seqs.length === 3);
        const firstId = sub.socket.id;

        const { reason, welcome } = await awayAndBack(sender, sub.socket, () => sub.socket.emit('drop-me'));
        assert.equal(reason, 'transport close');
        const [serverReason] = await request(sender, 'disconnect-reason', '/', firstId);
        assert.equal(serverReason, 'forced close');
        await assertRecovered(sender, sub, firstId, welcome);
      });

      it('after the client loses its transport: recovered the same way', async function () {
        const sender = await connected(client());
        const sub = await subscriber();
        await broadcastSeq(sender, 1, 3);
        await until(sub.socket, 'seq', () => sub.seqs.length === 3);
        const firstId = sub.socket.id;

        const { reason, welcome } = await awayAndBack(sender, sub.socket, () => sub.socket.io.engine.close());
        assert.equal(reason, 'forced close');
        const [serverReason] = await request(sender, 'disconnect-reason', '/', firstId);
        assert.equal(serverReason, 'transport close');
        await assertRecovered(sender, sub, firstId, welcome);
      });

      it('events sent right before the server drops the transport are neither lost nor replayed twice', async function () {
        const sender = await connected(client());
        const sub = await subscriber();
        await broadcastSeq(sender, 1, 3);
        await until(sub.socket, 'seq', () => sub.seqs.length === 3);
        const firstId = sub.socket.id;

        const { reason, welcome } = await awayAndBack(
          sender, sub.socket, () => sub.socket.emit('emit-then-drop', 'seq', 4, 6), 7);
        assert.equal(reason, 'transport close');
        await assertRecovered(sender, sub, firstId, welcome);
      });

      it('a client that left on purpose is not recovered: new id, no rooms, nothing replayed', async function () {
        const sender = await connected(client());
        const sub = await subscriber();
        await broadcastSeq(sender, 1, 2);
        await until(sub.socket, 'seq', () => sub.seqs.length === 2);
        const firstId = sub.socket.id;

        sub.socket.disconnect();
        const [serverReason] = await request(sender, 'disconnect-reason', '/', firstId);
        assert.equal(serverReason, 'client namespace disconnect');
        await broadcastSeq(sender, 3, 4);
        await connected(sub.socket);
        assert.equal(sub.socket.recovered, false);
        assert.notEqual(sub.socket.id, firstId);
        const [me] = await request(sub.socket, 'whoami');
        // (auth holds the pid and offset the client offered, as with Node's server)
        assert.deepEqual({ ...me, auth: undefined }, { id: sub.socket.id, nsp: '/', recovered: false, rooms: [sub.socket.id], auth: undefined });
        assert.deepEqual(sub.seqs, [1, 2]);
      });
    });
  }
});
