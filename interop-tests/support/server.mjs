// Starts a server under test as a child process on a free port, waits until
// its readiness probe answers 200, and stops it again.
//
// By default the server is the Compliance sample built in Release:
//   dotnet samples/Compliance/bin/Release/net10.0/Compliance.dll
// probed at /engine.io/?EIO=4&transport=polling. Set INTEROP_SERVER_CMD to a
// shell command line to start something else instead (it gets the chosen port
// in the PORT environment variable).
// startServer/useServer take options to start another app instead, e.g. the
// Socket.IO test server (see SOCKETIO_TEST_SERVER below):
//   { dll, probePath, env, name }
// or any executable: { command: 'node', args: ['path/to/app.mjs'], probePath, env, name }; `args` may also be a
// function of the chosen port returning them (for servers that take their address on the command line).
// Set INTEROP_SERVER_LOG=1 to see the servers' output as they run.
//
// Typical use in a test file:
//   import { useServer } from '../support/server.mjs';
//   describe('...', function () {
//     const server = useServer();          // registers before/after hooks
//     it('...', () => { server.url ... });
//   });

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_DLL = path.join(
  REPO_ROOT, 'samples', 'Compliance', 'bin', 'Release', 'net10.0', 'Compliance.dll');
export const DEFAULT_PROBE_PATH = '/engine.io/?EIO=4&transport=polling';

/**
 * Options for the Socket.IO test server (interop-tests/SocketIoTestServer),
 * which serves Socket.IO at /socket.io/ and answers its probe at /health.
 * Spread in extra env, e.g. `{ ...SOCKETIO_TEST_SERVER, env: { CSR: '1' } }`.
 */
export const SOCKETIO_TEST_SERVER = Object.freeze({
  name: 'SocketIoTestServer',
  dll: path.join(REPO_ROOT, 'interop-tests', 'SocketIoTestServer', 'bin', 'Release', 'net10.0', 'SocketIoTestServer.dll'),
  probePath: '/health',
});

const READY_TIMEOUT_MS = Number(process.env.INTEROP_SERVER_READY_TIMEOUT_MS || 30_000);
const READY_POLL_INTERVAL_MS = 100;
const READY_REQUEST_TIMEOUT_MS = 1_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_LIMIT = 256 * 1024;

const running = new Set();

// Safety net: if the test process goes away without the after() hook having
// run (e.g. Ctrl-C or a crash), do not leave servers behind.
process.once('exit', () => {
  for (const handle of running) killGroup(handle.child, 'SIGKILL');
});

/** Resolves to a TCP port that was free a moment ago on 127.0.0.1. */
export function getFreePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    // The child leads its own process group (detached), so this reaches a
    // shell's children as well as the shell.
    process.kill(-child.pid, signal);
  } catch {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}

function probe(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: READY_REQUEST_TIMEOUT_MS, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
  });
}

/**
 * Starts a server under test. Resolves to a handle:
 *   { port, url, child, output(), stop() }
 * Rejects (with the child's captured output) if it exits or does not become
 * ready within the timeout.
 *
 * options (all optional):
 *   dll        the app to run with `dotnet` (default: the Compliance sample;
 *              INTEROP_SERVER_CMD replaces only that default)
 *   command    an executable to run instead of a dll (with `args`), e.g. 'node'
 *   args       its arguments, or (port) => its arguments
 *   probePath  path + query answered with 200 once ready (default: DEFAULT_PROBE_PATH)
 *   env        extra environment variables for the server (e.g. { CSR: '1' })
 *   name       shown in INTEROP_SERVER_LOG output
 *   port       the port to use (e.g. a restart on the port a stopped server had; default: a free one);
 *              `args` may also be a function of the port, for servers that take it on their command line
 */
export async function startServer(options = {}) {
  const { dll, command, probePath = DEFAULT_PROBE_PATH, env: extraEnv = {}, name = 'server' } = options;
  const port = options.port ?? await getFreePort();
  const args = typeof options.args === 'function' ? options.args(port) : (options.args ?? []);
  const env = {
    ...process.env, ...extraEnv, PORT: String(port), DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1',
  };
  const custom = dll || command ? undefined : process.env.INTEROP_SERVER_CMD;
  const appDll = dll || DEFAULT_DLL;

  let child;
  let description;
  if (command) {
    const commandArgs = typeof args === 'function' ? args(port) : args;
    description = [command, ...commandArgs].join(' ');
    child = spawn(command, commandArgs, { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } else if (custom && custom.trim() !== '') {
    description = custom;
    child = spawn(custom, { shell: true, cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    if (!existsSync(appDll)) {
      throw new Error(`Server not built: ${appDll} does not exist. ` +
        'Run `dotnet build SocketIoSharp.sln -c Release` first' + (dll ? '.' : ', or set INTEROP_SERVER_CMD.'));
    }
    description = `dotnet ${path.relative(REPO_ROOT, appDll)}`;
    child = spawn('dotnet', [appDll], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  let captured = '';
  const capture = (chunk) => {
    captured += chunk.toString('utf8');
    if (captured.length > OUTPUT_LIMIT) captured = captured.slice(-OUTPUT_LIMIT);
    if (process.env.INTEROP_SERVER_LOG === '1') process.stderr.write(`[${name}] ${chunk}`);
  };
  child.stdout.on('data', capture);
  child.stderr.on('data', capture);

  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let spawnError = null;
  child.once('error', (err) => { spawnError = err; });

  const url = `http://127.0.0.1:${port}`;
  const handle = {
    port,
    url,
    child,
    description,
    output: () => captured,
    exited,
    async stop() {
      running.delete(handle);
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      killGroup(child, 'SIGTERM');
      let timer;
      const grace = new Promise((resolve) => { timer = setTimeout(resolve, STOP_GRACE_MS, 'timeout'); });
      const first = await Promise.race([exited, grace]);
      clearTimeout(timer);
      if (first === 'timeout') {
        killGroup(child, 'SIGKILL');
        return exited;
      }
      return first;
    },
  };
  running.add(handle);

  const probeUrl = `${url}${probePath}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exitInfo = null;
  exited.then((info) => { exitInfo = info; });
  let lastStatus = 0;

  for (;;) {
    if (spawnError || exitInfo) {
      running.delete(handle);
      const why = spawnError ? `could not be started: ${spawnError.message}`
        : `exited early (code ${exitInfo.code}, signal ${exitInfo.signal})`;
      throw new Error(`Server \`${description}\` ${why}. Its output:\n${captured || '(none)'}`);
    }
    lastStatus = await probe(probeUrl);
    if (lastStatus === 200) return handle;
    if (Date.now() >= deadline) {
      await handle.stop();
      throw new Error(`Server \`${description}\` on port ${port} did not answer 200 on ${probeUrl} ` +
        `within ${READY_TIMEOUT_MS} ms (last status: ${lastStatus || 'no answer'}). Its output:\n${captured || '(none)'}`);
    }
    // Wake on whichever comes first: the poll interval or the child exiting.
    let timer;
    await Promise.race([
      new Promise((resolve) => { timer = setTimeout(resolve, READY_POLL_INTERVAL_MS); }),
      exited,
    ]);
    clearTimeout(timer);
  }
}

/**
 * Registers mocha before/after hooks that start the server before the
 * enclosing describe's tests and stop it after them. Returns an object whose
 * `url`, `port` and `handle` are filled in once started. When a test fails,
 * the tail of the server's output is printed to help diagnose it.
 * `options` are startServer's.
 */
export function useServer(options = {}) {
  const state = { url: undefined, port: undefined, handle: undefined };
  // eslint-disable-next-line no-undef
  before(async function () {
    this.timeout(READY_TIMEOUT_MS + STOP_GRACE_MS + 5_000);
    const handle = await startServer(options);
    state.handle = handle;
    state.url = handle.url;
    state.port = handle.port;
  });
  // eslint-disable-next-line no-undef
  afterEach(function () {
    if (this.currentTest && this.currentTest.state === 'failed' && state.handle) {
      const tail = state.handle.output().slice(-4000);
      if (tail) process.stderr.write(`\n--- server output (tail) for "${this.currentTest.fullTitle()}" ---\n${tail}\n--- end ---\n`);
    }
  });
  // eslint-disable-next-line no-undef
  after(async function () {
    this.timeout(STOP_GRACE_MS + 5_000);
    if (state.handle) await state.handle.stop();
  });
  return state;
}
