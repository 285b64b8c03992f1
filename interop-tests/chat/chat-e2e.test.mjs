// End-to-end test of samples/Chat in headless Chromium (Debian's, driven by playwright-core): two users chat in the
// browser page, the server is killed and restarted on the same port, and what they sent while it was down arrives.
//
// Needs the Chat sample built in Release (test.sh builds the solution) and a Chromium: $CHROMIUM_PATH, else
// /usr/bin/chromium (test.sh installs Debian's package when missing). Without one the test fails: it does not skip.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, errors } from 'playwright-core';
import { REPO_ROOT, startServer } from '../support/server.mjs';

const CHAT_DLL = path.join(REPO_ROOT, 'samples', 'Chat', 'bin', 'Release', 'net10.0', 'Chat.dll');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RESULTS = path.join(REPO_ROOT, 'artifacts', 'test-results');

// Waits for DOM conditions are bounded by the test's own timeout, not by playwright's.
const NO_TIMEOUT = { timeout: 0 };

function startChat(port) {
  return startServer({
    name: 'Chat',
    command: 'dotnet',
    args: (p) => [CHAT_DLL, '--urls', `http://127.0.0.1:${p}`],
    port,
    probePath: '/',
  });
}

/** Kills the server the hard way (a crash, not a shutdown): the clients see their connections drop. */
async function kill(server) {
  try { process.kill(-server.child.pid, 'SIGKILL'); } catch { server.child.kill('SIGKILL'); }
  await server.exited;
  await server.stop();   // forgets it (already gone)
}

const badge = (page) => page.getAttribute('[data-testid=connection-state]', 'data-state');

async function waitForState(page, expected) {
  await page.waitForFunction(
    (states) => states.includes(document.querySelector('[data-testid=connection-state]').dataset.state),
    expected, NO_TIMEOUT);
}

async function login(page, url, name) {
  await page.goto(url);
  await page.fill('[data-testid=login-name]', name);
  await page.click('[data-testid=login-submit]');
  await waitForState(page, ['connected']);
}

async function send(page, text) {
  await page.fill('[data-testid=message-text]', text);
  await page.click('[data-testid=send]');
}

/** The message with this text, as the page shows it: { user, state, own } (waits until it is there). */
async function waitForMessage(page, text, { state } = {}) {
  const handle = await page.waitForFunction(({ text, state }) => {
    const item = [...document.querySelectorAll('[data-testid=message]')]
      .find((li) => li.querySelector('.text').textContent === text);
    if (!item || (state && item.dataset.state !== state)) return null;
    return { user: item.dataset.user, state: item.dataset.state, own: item.dataset.own === 'true' };
  }, { text, state }, NO_TIMEOUT);
  return handle.jsonValue();
}

async function messageState(page, text) {
  return page.evaluate((text) => [...document.querySelectorAll('[data-testid=message]')]
    .find((li) => li.querySelector('.text').textContent === text)?.dataset.state, text);
}

describe('samples/Chat in the browser (headless Chromium)', function () {
  this.timeout(120_000);

  let server;
  let browser;
  const pages = {};
  const consoleLines = [];

  before(async function () {
    assert.ok(existsSync(CHAT_DLL), `${CHAT_DLL} is missing: build the solution in Release first`);
    assert.ok(existsSync(CHROMIUM),
      `no Chromium at ${CHROMIUM}: install Debian's chromium (test.sh does) or set CHROMIUM_PATH`);
    server = await startChat();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    for (const name of ['alice', 'bob']) {
      // One context each: separate sessionStorage, as two people on two machines.
      const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
      const page = await context.newPage();
      page.on('console', (m) => consoleLines.push(`[${name}] ${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => consoleLines.push(`[${name}] pageerror: ${e.message}`));
      pages[name] = page;
    }
  });

  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    if (server) process.stderr.write(`\n--- Chat server output (tail) ---\n${server.output().slice(-4000)}\n--- end ---\n`);
    if (consoleLines.length) process.stderr.write(`--- browser console ---\n${consoleLines.slice(-100).join('\n')}\n--- end ---\n`);
  });

  after(async function () {
    this.timeout(30_000);
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
  });

  it('two users chat, see each other and typing; messages sent while the server is down arrive after its restart',
    async function () {
      const { alice, bob } = pages;
      await login(alice, server.url, 'alice');
      await login(bob, server.url, 'bob');

      // Both in "general" (the default room), each seeing the other there.
      for (const page of [alice, bob]) {
        assert.equal(await page.textContent('[data-testid=current-room]'), 'general');
      }
      await alice.waitForSelector('[data-testid=member][data-user=bob]', NO_TIMEOUT);
      await bob.waitForSelector('[data-testid=member][data-user=alice]', NO_TIMEOUT);

      // Typing. The notices are volatile (one meeting a busy transport is dropped, as designed) and the page repeats
      // them only every 2 s while keys are pressed: so alice keeps typing until bob sees it.
      for (let attempt = 1; ; attempt++) {
        await alice.type('[data-testid=message-text]', 'x');
        try {
          await bob.waitForFunction(
            () => document.querySelector('[data-testid=typing-indicator]').textContent === 'alice is typing…',
            null, { timeout: 2_500 });
          break;
        } catch (error) {
          if (!(error instanceof errors.TimeoutError) || attempt === 10) throw error;
        }
      }

      // A conversation: each sees both messages, and each own message ends delivered.
      await send(alice, 'hello bob');
      await send(bob, 'hi alice');
      for (const page of [alice, bob]) {
        assert.deepEqual(await waitForMessage(page, 'hello bob', { state: 'delivered' }),
          { user: 'alice', state: 'delivered', own: page === alice });
        assert.deepEqual(await waitForMessage(page, 'hi alice', { state: 'delivered' }),
          { user: 'bob', state: 'delivered', own: page === bob });
      }

      // The server dies: both pages notice.
      const { port } = server;
      await kill(server);
      server = undefined;
      for (const page of [alice, bob]) await waitForState(page, ['reconnecting', 'offline']);

      // What they send meanwhile waits in the client.
      await send(alice, 'alice while offline');
      await send(bob, 'bob while offline');
      assert.equal(await messageState(alice, 'alice while offline'), 'queued');
      assert.equal(await messageState(bob, 'bob while offline'), 'queued');
      assert.notEqual(await badge(alice), 'connected');

      // Back on the same port: both reconnect by themselves (default back-off), rejoin "general" from their auth,
      // and both offline messages reach both pages.
      server = await startChat(port);
      for (const page of [alice, bob]) await waitForState(page, ['connected']);
      for (const page of [alice, bob]) {
        assert.deepEqual(await waitForMessage(page, 'alice while offline', { state: 'delivered' }),
          { user: 'alice', state: 'delivered', own: page === alice });
        assert.deepEqual(await waitForMessage(page, 'bob while offline', { state: 'delivered' }),
          { user: 'bob', state: 'delivered', own: page === bob });
      }
      await alice.waitForSelector('[data-testid=member][data-user=bob]', NO_TIMEOUT);
      await bob.waitForSelector('[data-testid=member][data-user=alice]', NO_TIMEOUT);

      mkdirSync(RESULTS, { recursive: true });
      await alice.screenshot({ path: path.join(RESULTS, 'chat-e2e.png'), fullPage: true });
      await bob.screenshot({ path: path.join(RESULTS, 'chat-e2e-bob.png'), fullPage: true });
    });
});
