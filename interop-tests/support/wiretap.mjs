// Records what the cluster's nodes say to Redis (its MONITOR feed): pub/sub commands with their channels and
// payloads, msgpack payloads decoded (notepack.io, as the Node adapter does), so a failing test can show the wire
// traffic that led to it. Reconnects when Redis comes back after a restart.

import net from 'node:net';

import { decode } from 'notepack.io';

import { toBinJson } from './bin-json.mjs';

const KEEP = 5000;
const INTERESTING = new Set([
  'publish', 'spublish', 'subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe', 'pubsub',
]);

/** Splits a MONITOR line's quoted arguments ("PUBLISH" "chan" "\x93...") into Buffers. */
function parseArgs(text) {
  const args = [];
  let i = text.indexOf('"');
  while (i >= 0 && i < text.length) {
    const bytes = [];
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const c = text[i + 1];
        if (c === 'x') {
          bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
          i += 4;
          continue;
        }
        bytes.push({ n: 10, r: 13, t: 9, a: 7, b: 8 }[c] ?? c.charCodeAt(0));
        i += 2;
        continue;
      }
      bytes.push(text.charCodeAt(i));
      i++;
    }
    args.push(Buffer.from(bytes));
    i = text.indexOf('"', i + 1);
  }
  return args;
}

/** A payload as text: JSON as it is, msgpack decoded (binary as {$bin}), anything else as hex. */
export function describePayload(buffer) {
  if (buffer.length && buffer[0] === 0x7b) return buffer.toString('utf8');
  try {
    return `msgpack ${JSON.stringify(toBinJson(decode(buffer)))}`;
  } catch {
    return `hex ${buffer.toString('hex')}`;
  }
}

/**
 * Starts the tap on the redis-server at `port`. `nameConnections()` (optional) returns a Map of client address
 * ("127.0.0.1:port") -> name; it is asked when an address is first seen, while that connection still exists.
 */
export function startWiretap(port, nameConnections = () => new Map()) {
  const tap = { entries: [], stopped: false, socket: null, names: new Map() };
  let lastLookup = 0;
  const nameOf = (addr) => {
    if (!tap.names.has(addr) && Date.now() - lastLookup > 250) {
      lastLookup = Date.now();
      for (const [a, name] of nameConnections()) tap.names.set(a, name);
    }
    return tap.names.get(addr) || addr;
  };
  let pending = '';

  function connect() {
    if (tap.stopped) return;
    const socket = net.connect({ host: '127.0.0.1', port });
    tap.socket = socket;
    pending = '';
    socket.on('connect', () => socket.write('MONITOR\r\n'));
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      let nl;
      while ((nl = pending.indexOf('\r\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 2);
        if (!line.startsWith('+') || line === '+OK') continue;
        const match = /^\+(\d+\.\d+) \[\d+ ([^\]]+)\] (.*)$/.exec(line);
        if (!match) continue;
        const args = parseArgs(match[3]);
        if (!args.length || !INTERESTING.has(args[0].toString('latin1').toLowerCase())) continue;
        tap.entries.push({ at: Math.round(Number(match[1]) * 1000), client: nameOf(match[2]), args });
        if (tap.entries.length > KEEP) tap.entries.splice(0, tap.entries.length - KEEP);
      }
    });
    socket.on('error', () => { /* Redis went away; close follows */ });
    socket.on('close', () => {
      if (!tap.stopped) setTimeout(connect, 100);
    });
  }

  tap.stop = () => {
    tap.stopped = true;
    tap.socket?.destroy();
  };

  /** The recorded commands since `since` (epoch ms), one line each. */
  tap.format = (since = 0) => tap.entries.filter((e) => e.at >= since).map((e) => {
    const [command, ...rest] = e.args;
    const name = command.toString('latin1').toUpperCase();
    const who = e.client;
    const text = (name === 'PUBLISH' || name === 'SPUBLISH') && rest.length === 2
      ? `${rest[0].toString('utf8')} ${describePayload(rest[1])}`
      : rest.map((a) => a.toString('utf8')).join(' ');
    return `${new Date(e.at).toISOString().slice(11, 23)} ${who} ${name} ${text}`;
  }).join('\n');

  connect();
  return tap;
}
