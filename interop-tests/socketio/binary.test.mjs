// Binary both ways with the real socket.io-client: Buffers as arguments,
// nested in objects and arrays, in events and in acknowledgements.

import assert from 'node:assert/strict';

import {
  TRANSPORTS, connected, next, request, useClients, useSocketIoServer,
} from '../support/sio.mjs';

/** Replaces every Buffer / ArrayBuffer / typed array with { bin: [bytes] } so a deepEqual compares contents. */
function unwrap(value) {
  if (Buffer.isBuffer(value)) return { bin: [...value] };
  if (value instanceof ArrayBuffer) return { bin: [...new Uint8Array(value)] };
  if (ArrayBuffer.isView(value)) return { bin: [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)] };
  if (Array.isArray(value)) return value.map(unwrap);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]));
  return value;
}

const big = Buffer.alloc(100_000, 0).map((_, i) => i % 251);

const CASES = {
  'a lone Buffer': [Buffer.from([1, 2, 3])],
  'an empty Buffer': [Buffer.alloc(0)],
  'every byte value': [Buffer.from(Array.from({ length: 256 }, (_, i) => i))],
  'Buffers nested in objects and arrays, mixed with JSON': [
    { a: Buffer.from([0xde, 0xad]), nested: { list: [Buffer.from([4]), 'x', { deeper: Buffer.from('héllo') }] }, n: 5 },
    'text',
    [Buffer.from([0]), null, 7],
  ],
  'several top-level Buffers and other arguments': [Buffer.from([9]), 1, Buffer.from([8, 7]), { t: true }],
  'a 100 kB Buffer': [big],
  'a Uint8Array': [new Uint8Array([5, 6, 7])],
};

describe('socket.io-client: binary', function () {
  const server = useSocketIoServer();

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, function () {
      const client = useClients(server, transport);

      for (const [name, args] of Object.entries(CASES)) {
        it(`echoes ${name} as an event, binary as binary`, async function () {
          const socket = await connected(client());
          const echoed = next(socket, 'echo');
          socket.emit('echo', ...args);
          const got = await echoed;
          assert.deepEqual(unwrap(got), unwrap(args));
          // Binary arrives as binary (a Buffer in Node), not as JSON.
          const firstBinary = (function find(v) {
            if (Buffer.isBuffer(v)) return v;
            if (v && typeof v === 'object') for (const x of Object.values(v)) { const f = find(x); if (f) return f; }
            return undefined;
          }(got));
          assert.ok(Buffer.isBuffer(firstBinary), 'no Buffer in what came back');
        });
      }

      it('client -> server ack carries binary back', async function () {
        const socket = await connected(client());
        const args = CASES['Buffers nested in objects and arrays, mixed with JSON'];
        assert.deepEqual(unwrap(await request(socket, 'echo-ack', ...args)), unwrap(args));
      });

      it('server -> client: binary in the server\'s event and in the client\'s ack', async function () {
        const socket = await connected(client());
        socket.on('reverse', (payload, callback) => {
          callback({ reversed: Buffer.from([...payload.data].reverse()), was: payload.data }, Buffer.from('ok'));
        });
        const answer = await request(socket, 'emit-with-ack-to-me', 'reverse', { data: Buffer.from([1, 2, 3]) });
        assert.deepEqual(unwrap(answer), unwrap([
          { reversed: Buffer.from([3, 2, 1]), was: Buffer.from([1, 2, 3]) }, Buffer.from('ok')]));
      });

      it('broadcasts binary to a room', async function () {
        const a = await connected(client());
        const b = await connected(client());
        await request(b, 'join', 'bin');
        const got = next(b, 'blob');
        await request(a, 'broadcast-to-room', 'bin', 'blob', { x: Buffer.from([42]) }, Buffer.from([1, 2]));
        assert.deepEqual(unwrap(await got), unwrap([{ x: Buffer.from([42]) }, Buffer.from([1, 2])]));
      });
    });
  }
});
