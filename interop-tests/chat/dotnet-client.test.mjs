// samples/DotnetClient (the .NET console chat client on SocketIOClient 3.0.6 + Polly) against samples/Chat, with a
// Node socket.io-client user "browser-bob" in room general watching: a message said on the command line arrives with
// alice's presence; and a line typed while the server is down is queued, then sent once the client has reconnected
// (through its Polly back-off) to the server restarted on the same port.
//
// Needs samples/Chat and samples/DotnetClient built in Release (test.sh builds the solution).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';

import { io } from 'socket.io-client';

import { REPO_ROOT, startServer } from '../support/server.mjs';
import { connected, record, until } from '../support/sio.mjs';

const CHAT_DLL = path.join(REPO_ROOT, 'samples', 'Chat', 'bin', 'Release', 'net10.0', 'Chat.dll');
const CLIENT_DLL = path.join(REPO_ROOT, 'samples', 'DotnetClient', 'bin', 'Release', 'net10.0', 'DotnetClient.dll');
const WAIT_MS = 20_000;

function startChat(port) {
  return startServer({
    name: 'Chat', command: 'dotnet', args: (p) => [CHAT_DLL, '--urls', `http://127.0.0.1:${p}`], port, probePath: '/',
  });
}

/** Kills the server the hard way (a crash, not a shutdown): the clients see their connections drop. */
async function crash(server) {
  try { process.kill(-server.child.pid, 'SIGKILL'); } catch { server.child.kill('SIGKILL'); }
  await server.exited;
  await server.stop();
}

async function login(url, name) {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).token;
}

/** Runs the DotnetClient; its standard output is kept line by line, and can be waited on. */
function runClient(args) {
  const child = spawn('dotnet', [CLIENT_DLL, ...args], {
    cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
  const lines = [];
  let errors = '';
  const events = new EventEmitter();
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    events.emit('line', line);
  });
  child.stderr.on('data', (chunk) => { errors += chunk; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    output: () => `${lines.join('\n')}\n${errors}`,
    exited,
    async waitForLine(pattern) {
      try {
        await until(events, 'line', () => lines.some((line) => pattern.test(line)), { timeoutMs: WAIT_MS });
      } catch (error) {
        throw new Error(`${error.message}: no line matching ${pattern} in the client's output:\n${this.output()}`);
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('samples/DotnetClient against samples/Chat', function () {
  this.timeout(60_000);
  let chat;
  let bob;
  let client;

  async function connectBob() {
    const token = await login(chat.url, 'browser-bob');
    bob = io(chat.url, {
      auth: { token, rooms: ['general'] }, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 100,
    });
    const seen = { messages: record(bob, 'message'), presence: record(bob, 'presence') };
    await connected(bob);
    return seen;
  }

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && client) {
      process.stderr.write(`\n--- DotnetClient output ---\n${client.output()}\n--- end ---\n`);
    }
    bob?.close();
    await client?.stop();
    await chat?.stop();
    bob = undefined;
    client = undefined;
    chat = undefined;
  });

  it('--say hello --exit-after-acks: bob gets alice\'s presence and message, and her leaving', async function () {
    chat = await startChat();
    const seen = await connectBob();

    client = runClient(['--url', chat.url, '--name', 'alice', '--room', 'general', '--say', 'hello', '--exit-after-acks']);
    const { code } = await client.exited;
    assert.equal(code, 0, client.output());
    assert.ok(client.lines.some((line) => /^acked [0-9a-f]+ as \S+$/.test(line)), client.output());

    const hasAlice = ([p]) => p.room === 'general' && p.users.includes('alice') && p.users.includes('browser-bob');
    await until(bob, 'presence', () => seen.presence.some(hasAlice), { timeoutMs: WAIT_MS });
    await until(bob, 'message', () => seen.messages.some(([m]) => m.user === 'alice' && m.text === 'hello'), { timeoutMs: WAIT_MS });
    const [message] = seen.messages.find(([m]) => m.user === 'alice');
    assert.equal(message.room, 'general');
    assert.match(message.clientId, /^[0-9a-f]{32}$/);
    // Once alice's client has exited, bob is told she left.
    await until(bob, 'presence', () => {
      const [last] = seen.presence.at(-1);
      return !last.users.includes('alice');
    }, { timeoutMs: WAIT_MS });
  });

  it('a line typed while the server is down is queued, and sent once the client reconnects to the restarted server', async function () {
    chat = await startChat();
    const { port } = chat;
    const seen = await connectBob();

    client = runClient(['--url', chat.url, '--name', 'alice', '--exit-after-acks']);   // says what stdin says
    await client.waitForLine(/^joined general: /);

    await crash(chat);
    await client.waitForLine(/^disconnected: /);
    client.child.stdin.write('sent while offline\n');
    await client.waitForLine(/^queued while offline: sent while offline$/);

    // The client is held still (SIGSTOP) while the server comes back and bob is in general again, so that its queued
    // message cannot reach the new server before bob does; SIGCONT lets its back-off and reconnection go on.
    client.child.kill('SIGSTOP');
    try {
      chat = await startChat(port);
      await until(bob, 'connect', () => bob.connected, { timeoutMs: WAIT_MS });
    } finally {
      client.child.kill('SIGCONT');
    }

    await until(bob, 'message', () => seen.messages.some(([m]) => m.user === 'alice' && m.text === 'sent while offline'),
      { timeoutMs: WAIT_MS });
    await client.waitForLine(/^acked [0-9a-f]+ as \S+$/);
    assert.ok(client.lines.filter((line) => line.startsWith('connected as alice')).length >= 2, client.output());

    client.child.stdin.end();   // the end of input: the client leaves once everything it queued was acknowledged
    const { code } = await client.exited;
    assert.equal(code, 0, client.output());
  });
});
