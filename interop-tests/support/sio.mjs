// Helpers for the Socket.IO interop tests: the real npm socket.io-client
// against interop-tests/SocketIoTestServer (started by server.mjs).

import { io } from 'socket.io-client';

import { SOCKETIO_TEST_SERVER, useServer } from './server.mjs';

/** Every Socket.IO interop test runs once per transport, the client held to that one transport. */
export const TRANSPORTS = ['websocket', 'polling'];

const WAIT_MS = 10_000;

/**
 * Starts the Socket.IO test server for the enclosing describe (extra env such
 * as { CSR: '1' } turns on its options). Returns server.mjs's state object.
 */
export function useSocketIoServer(env = {}) {
  return useServer({ ...SOCKETIO_TEST_SERVER, env });
}

/**
 * Registers an afterEach that disconnects every client made through the
 * returned `client(nsp, options)`; clients use only `transport`, never share a
 * Manager, and reconnect quickly (no randomisation) unless told otherwise.
 */
export function useClients(server, transport) {
  const made = [];
  // eslint-disable-next-line no-undef
  afterEach(() => {
    for (const socket of made.splice(0)) {
      socket.io.reconnection(false);
      socket.disconnect();
      // A Manager left without sockets of its own (e.g. refused by a middleware) still holds its engine.
      socket.io.engine?.close();
    }
  });
  return function client(nsp = '/', options = {}) {
    const socket = io(`${server.url}${nsp}`, {
      transports: [transport],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 100,
      randomizationFactor: 0,
      ...options,
    });
    made.push(socket);
    return socket;
  };
}

/** Resolves with the arguments of the next `event` on `emitter`; rejects after `timeoutMs`. */
export function next(emitter, event, { timeoutMs = WAIT_MS } = {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}'`));
    }, timeoutMs);
    function listener(...args) {
      clearTimeout(timer);
      resolve(args);
    }
    emitter.once(event, listener);
  });
}

/** Connects `socket` (made with autoConnect or not) and resolves once it is connected; rejects on connect_error. */
export function connected(socket, { timeoutMs = WAIT_MS } = {}) {
  if (socket.connected) return Promise.resolve(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(reject, new Error(`timed out after ${timeoutMs} ms waiting for 'connect'`)), timeoutMs);
    const onConnect = () => finish(resolve, socket);
    const onError = (err) => finish(reject, err);
    function finish(fn, value) {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      fn(value);
    }
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
    if (!socket.active) socket.connect();
  });
}

/** Resolves with the connect_error the socket gets; rejects if it connects instead. */
export function refused(socket, { timeoutMs = WAIT_MS } = {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(reject, new Error(`timed out after ${timeoutMs} ms waiting for 'connect_error'`)), timeoutMs);
    const onConnect = () => finish(reject, new Error('connected, but a connect_error was expected'));
    const onError = (err) => finish(resolve, err);
    function finish(fn, value) {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      fn(value);
    }
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

/** Emits with an acknowledgement and resolves with all of the ack's arguments (rejects after `timeoutMs`). */
export function request(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(WAIT_MS).emit(event, ...args, (err, ...answer) => (err ? reject(new Error(`no ack for '${event}': ${err.message}`)) : resolve(answer)));
  });
}

/** Records every `event` the socket receives (its arguments) into the returned array. */
export function record(socket, event) {
  const got = [];
  socket.on(event, (...args) => got.push(args));
  return got;
}

/** Resolves once `predicate()` holds, checked whenever `emitter` emits `event`. */
export function until(emitter, event, predicate, { timeoutMs = WAIT_MS } = {}) {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, check);
      reject(new Error(`timed out after ${timeoutMs} ms waiting on '${event}' for a condition`));
    }, timeoutMs);
    function check() {
      if (!predicate()) return;
      clearTimeout(timer);
      emitter.off(event, check);
      resolve();
    }
    emitter.on(event, check);
  });
}
