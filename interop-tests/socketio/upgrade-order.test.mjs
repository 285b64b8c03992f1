// Delivery order across the polling -> websocket upgrade (docs/reliability-security.md §6 row 28, R-order): the
// real socket.io-client starts on polling and upgrades while 10,000 numbered events flow each way: the server's stream
// starts with the connection (auth { stream }), the client's at 'connect'. Its WebSocket probe is held back a little
// so that both streams are well under way on polling when the upgrade happens.

import assert from 'node:assert/strict';

import { transports } from 'engine.io-client';
import { io } from 'socket.io-client';

import { connected, useSocketIoServer } from '../support/sio.mjs';

const COUNT = 10_000;
const PER_TICK = 25;
const PROBE_DELAY_MS = 150;

/** engine.io-client's Node WebSocket transport, opening PROBE_DELAY_MS late. */
class LateWebSocket extends transports.websocket {
  doOpen() {
    setTimeout(() => super.doOpen(), PROBE_DELAY_MS);
  }
}

/** Where the first gap or swap is in a received sequence of numbers, or -1. */
function firstDisorder(numbers) {
  return numbers.findIndex((n, i) => n !== i);
}

describe('P0 row 28: delivery order across the polling -> websocket upgrade', function () {
  // 10,000 events as fast as the client can send them is a flood by the default inbound rate limit (burst 1,000).
  const server = useSocketIoServer({ SocketIo__InboundRateLimit__Burst: String(2 * COUNT) });
  let socket;

  afterEach(() => {
    socket?.io.reconnection(false);
    socket?.disconnect();
  });

  it('10,000 numbered events each way while the client upgrades arrive in order, none lost', async function () {
    this.timeout(60_000);
    socket = io(server.url, {
      transports: [transports.polling, LateWebSocket], forceNew: true, reconnection: false, auth: { stream: COUNT },
    });
    const up = [];
    const down = [];
    const sentBy = { polling: 0, upgrading: 0, websocket: 0 };
    const downBy = { polling: 0, websocket: 0 };
    let phase = 'polling';
    let disconnected;
    socket.on('echo', (n) => up.push(n));
    socket.on('down', (n) => { down.push(n); downBy[socket.io.engine.transport.name === 'websocket' ? 'websocket' : 'polling']++; });
    socket.on('disconnect', (reason) => { disconnected = reason; });
    socket.io.on('open', () => {
      socket.io.engine.on('upgrading', () => { phase = 'upgrading'; });
      socket.io.engine.on('upgrade', () => { phase = 'websocket'; });
    });

    await connected(socket);
    assert.equal(socket.io.engine.transport.name, 'polling');
    // Client -> server: the same pace, echoed back, so the server's receive order shows in the echoes.
    await new Promise((resolve) => {
      let n = 0;
      const tick = () => {
        for (let i = 0; i < PER_TICK && n < COUNT; i++, n++) {
          socket.emit('echo', n);
          sentBy[phase]++;
        }
        if (n < COUNT) setTimeout(tick, 1); else resolve();
      };
      tick();
    });

    const deadline = Date.now() + 30_000;
    while ((up.length < COUNT || down.length < COUNT) && disconnected === undefined && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }

    console.log(`      client sent ${JSON.stringify(sentBy)}; server's stream received ${JSON.stringify(downBy)}`);
    assert.equal(disconnected, undefined, `disconnected: ${disconnected}`);
    assert.equal(socket.io.engine.transport.name, 'websocket', 'the client never upgraded');
    assert.ok(sentBy.polling > 0 && sentBy.websocket > 0, `the upgrade did not happen mid-stream: sent ${JSON.stringify(sentBy)}`);
    assert.ok(downBy.polling > 0 && downBy.websocket > 0, `the server's stream did not span the upgrade: ${JSON.stringify(downBy)}`);
    const upBad = firstDisorder(up);
    const downBad = firstDisorder(down);
    assert.equal(upBad, -1, `client -> server: #${upBad} is ${up[upBad]} (sent ${JSON.stringify(sentBy)})`);
    assert.equal(downBad, -1, `server -> client: #${downBad} is ${down[downBad]} (${JSON.stringify(downBy)})`);
    assert.equal(up.length, COUNT);
    assert.equal(down.length, COUNT);
  });
});
