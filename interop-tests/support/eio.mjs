// Small promise helpers around the npm engine.io-client Socket.

import { Socket } from 'engine.io-client';

export const ENGINE_PATH = '/engine.io/';

/** A new engine.io-client Socket; does not wait for it to open. */
export function createSocket(url, transports, extra = {}) {
  return new Socket(url, { path: ENGINE_PATH, transports, ...extra });
}

/** Resolves with the next `event` emitted by `emitter` (its first argument). */
export function once(emitter, event, { timeoutMs = 10_000, rejectOn = ['error', 'close'] } = {}) {
  return new Promise((resolve, reject) => {
    let timer;
    const cleanups = [];
    const done = (fn, value) => {
      clearTimeout(timer);
      for (const c of cleanups) c();
      fn(value);
    };
    const onEvent = (value) => done(resolve, value);
    emitter.on(event, onEvent);
    cleanups.push(() => emitter.off(event, onEvent));
    for (const bad of rejectOn) {
      if (bad === event) continue;
      const onBad = (...args) => done(reject, new Error(
        `'${bad}' before '${event}': ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' / ')}`));
      emitter.on(bad, onBad);
      cleanups.push(() => emitter.off(bad, onBad));
    }
    timer = setTimeout(() => done(reject, new Error(`timed out after ${timeoutMs} ms waiting for '${event}'`)), timeoutMs);
  });
}

/** Creates a socket and resolves with it once it is open (and the handshake it got). */
export async function connect(url, transports, extra = {}) {
  const socket = createSocket(url, transports, extra);
  let handshake;
  socket.once('handshake', (h) => { handshake = h; });
  try {
    await once(socket, 'open');
  } catch (err) {
    socket.close();
    throw err;
  }
  return { socket, handshake };
}

/**
 * Resolves with the next `count` messages the socket receives, in order.
 * Rejects if the socket closes first, on timeout, or when no message has
 * arrived for `idleMs`; the error's `received` property holds what did
 * arrive. The listener is attached immediately, so call this before sending.
 */
export function collect(socket, count, { timeoutMs = 15_000, idleMs = Infinity } = {}) {
  return new Promise((resolve, reject) => {
    const got = [];
    let timer;
    let idleTimer;
    const cleanup = () => {
      clearTimeout(timer);
      clearTimeout(idleTimer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
    };
    const fail = (message) => {
      cleanup();
      const err = new Error(message);
      err.received = got;
      reject(err);
    };
    const armIdle = () => {
      if (!Number.isFinite(idleMs)) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => fail(`no message for ${idleMs} ms after ${got.length}/${count} messages`), idleMs);
    };
    const onMessage = (data) => {
      got.push(data);
      if (got.length === count) { cleanup(); resolve(got); } else armIdle();
    };
    const onClose = (reason, desc) => {
      fail(`socket closed (${reason}${desc ? `: ${describe(desc)}` : ''}) after ${got.length}/${count} messages`);
    };
    socket.on('message', onMessage);
    socket.on('close', onClose);
    timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms with ${got.length}/${count} messages`), timeoutMs);
    armIdle();
    if (count === 0) { cleanup(); resolve(got); }
  });
}

function describe(desc) {
  if (desc instanceof Error) return desc.message;
  if (desc && typeof desc === 'object') {
    if (desc.description instanceof Error) return desc.description.message;
    if (desc.description !== undefined) return String(desc.description);
    if (desc.message) return desc.message;
  }
  return String(desc);
}

/** Closes the socket if it is still open; never throws. */
export function closeQuietly(socket) {
  try {
    if (socket && socket.readyState !== 'closed') socket.close();
  } catch { /* ignore */ }
}

/** The bytes of a received or sent binary payload as a Buffer (a copy-free view when possible). */
export function bytesOf(data) {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(`not binary: ${typeof data}`);
}

export function isBinary(data) {
  return Buffer.isBuffer(data) || data instanceof ArrayBuffer || ArrayBuffer.isView(data);
}
