// A redis-server of the test's own, on a free port: started, killed and restarted
// (on the same port) by the test, stopped in teardown. The binary is $REDIS_SERVER
// or `redis-server` on the PATH; ./test.sh installs it when missing.

import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

import { getFreePort } from './server.mjs';

const READY_TIMEOUT_MS = 10_000;
const POLL_MS = 20;
const OUTPUT_LIMIT = 64 * 1024;

const running = new Set();
process.once('exit', () => {
  for (const child of running) {
    try { child.kill('SIGKILL'); } catch { /* gone */ }
  }
});

/** The redis-server executable; throws (never skips) when there is none. */
export function redisServerPath() {
  const configured = process.env.REDIS_SERVER;
  if (configured) return configured;
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.status === 0 ? found.stdout.trim() : '';
  if (!path) {
    throw new Error('redis-server is not installed (and REDIS_SERVER is not set): run ./test.sh, which installs it');
  }
  return path;
}

/** One round trip of PING over a fresh connection; resolves true on +PONG. */
export function ping(port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    const done = (ok) => { clearTimeout(timer); socket.destroy(); resolve(ok); };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) done(text.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
  });
}

/**
 * Starts redis-server on a free port (or `port`); resolves once it answers PING.
 * The handle: { port, url, output(), kill(signal), restart(), stop(), readyAt }.
 */
export async function startRedis({ port } = {}) {
  const bin = redisServerPath();
  const handle = { port: port ?? await getFreePort(), child: null, captured: '', readyAt: 0 };
  handle.url = `redis://127.0.0.1:${handle.port}`;
  handle.output = () => handle.captured;

  async function launch() {
    const child = spawn(bin, [
      '--port', String(handle.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--protected-mode', 'no', '--loglevel', 'warning',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    handle.child = child;
    running.add(child);
    const capture = (chunk) => {
      handle.captured += chunk.toString('utf8');
      if (handle.captured.length > OUTPUT_LIMIT) handle.captured = handle.captured.slice(-OUTPUT_LIMIT);
    };
    child.stdout.on('data', capture);
    child.stderr.on('data', capture);
    let exited = null;
    let spawnError = null;
    handle.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      running.delete(child);
      exited = { code, signal };
      resolve(exited);
    }));
    child.once('error', (err) => { spawnError = err; });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (spawnError) throw new Error(`redis-server (${bin}) could not be started: ${spawnError.message}`);
      if (exited) throw new Error(`redis-server exited early (${JSON.stringify(exited)}): ${handle.captured}`);
      if (await ping(handle.port)) {
        handle.readyAt = Date.now();
        return;
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server on port ${handle.port} did not answer PING within ${READY_TIMEOUT_MS} ms: ${handle.captured}`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Sends `signal` and resolves once the process is gone. */
  handle.kill = async (signal = 'SIGKILL') => {
    const { child } = handle;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await handle.exited;
  };
  /** Starts it again on the same port; resolves once it answers PING (handle.readyAt is then set). */
  handle.restart = () => launch();
  handle.stop = () => handle.kill('SIGKILL');

  await launch();
  return handle;
}
