// The Node.js node of the Cluster sample: socket.io 4.8 with @socket.io/redis-adapter 8.3 (classic pub/sub, key
// "socket.io"), speaking the Chat sample's protocol, so it shares rooms, messages and presence with SocketIoSharp
// Chat nodes on the same Redis. It serves only Socket.IO (and two small GETs); the page and POST /api/login come
// from the .NET nodes (nginx routes them there), and it accepts their tokens (HS256 with the shared CHAT_JWT_KEY).
//
//   node samples/Cluster/node-node.mjs [--port 3002] [--redis redis://127.0.0.1:6379] [--name node-js]
//
// Environment: PORT, REDIS_URL, NODE_NAME (the same as the options), CHAT_JWT_KEY (the signing key every node of the
// cluster shares; the Chat sample's development key when unset).
// HTTP: GET /health (200 once Redis is connected), GET /api/node ({ node, users: names of THIS node's sockets }).
//
// The protocol (see the Chat sample): handshake auth { token, rooms }; events join, leave, rooms, message, typing;
// the server emits message, presence and typing. Presence spans the cluster: fetchSockets on the room.
//
// Not here: connection state recovery. socket.io keeps recoverable sessions in the adapter, and the classic Redis
// adapter does not implement that (socket.io's docs list it as incompatible), so a client reconnecting to this node
// is a new session; it gets its rooms back anyway, because it lists them in its handshake auth.

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';

import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';

import { CLOCK_SKEW_S, verifyChatToken } from './chat-token.mjs';

// The Chat sample's built-in development key, issuer and audience (samples/Chat/DevTokens.cs); CHAT_JWT_KEY
// overrides the key on every node.
const DEV_JWT_KEY = 'socketiosharp-chat-development-signing-key (not a secret)';
const JWT_ISSUER = 'socketiosharp-chat';
const JWT_AUDIENCE = 'socketiosharp-chat';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT || '3002' },
    redis: { type: 'string', default: process.env.REDIS_URL || 'redis://127.0.0.1:6379' },
    name: { type: 'string', default: process.env.NODE_NAME || '' },
  },
});
const PORT = Number(options.port);
const NAME = options.name || `node-js-${PORT}`;
const JWT_KEY = process.env.CHAT_JWT_KEY || DEV_JWT_KEY;
if (Buffer.byteLength(JWT_KEY, 'utf8') < 32) {
  console.error('CHAT_JWT_KEY must be at least 32 bytes');
  process.exit(2);
}

// The Chat sample's limits and names (samples/Chat/ChatNames.cs, ChatEvents.cs).
const DEFAULT_ROOM = 'general';
const ROOM_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const MAX_USER_LENGTH = 32;
const MAX_TEXT_LENGTH = 2000;
const MAX_CLIENT_ID_LENGTH = 64;
const MAX_ROOMS_PER_SOCKET = 50;
const USER_ROOM_PREFIX = 'user:';

const pubClient = createClient({ url: options.redis });
const subClient = pubClient.duplicate();
// node-redis reconnects by itself; without an 'error' listener a lost connection would end the process.
for (const client of [pubClient, subClient]) client.on('error', (err) => console.error(`${NAME}: redis: ${err.message}`));

let ready = false;
const httpServer = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && pathname === '/health') {
    sendJson(res, ready ? 200 : 503, { ready });
  } else if (req.method === 'GET' && pathname === '/api/node') {
    const users = [...io.of('/').sockets.values()].map((s) => s.data.name);
    sendJson(res, 200, { node: NAME, users: distinctSorted(users) });
  } else {
    // socket.io answers its own path before this listener is called.
    sendJson(res, 404, { error: 'not found' });
  }
});

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const io = new Server(httpServer, { serveClient: false });

function distinctSorted(names) {
  return [...new Set(names.filter((n) => typeof n === 'string'))].sort();
}

/**
 * Whether a client may join `room`: lower-case letters, digits, '-' and '_', so never a user room ("user:...") nor,
 * unless by an unlikely chance that the second test rules out, a socket's id room.
 */
function isJoinable(room) {
  return typeof room === 'string' && ROOM_PATTERN.test(room) && !io.of('/').sockets.has(room);
}

/** Whether `room`, one of the socket's rooms, is a chat room (not its id nor its user room). */
function isChatRoom(room, socket) {
  return typeof room === 'string' && room !== socket.id && ROOM_PATTERN.test(room);
}

/** The socket's chat rooms, sorted. */
function chatRooms(socket) {
  return [...socket.rooms].filter((r) => isChatRoom(r, socket)).sort();
}

/** The rooms the handshake asks for: none listed means the default room; a list that is not an array, none. */
function roomsFromAuth(auth) {
  if (!auth || typeof auth !== 'object' || !Object.hasOwn(auth, 'rooms')) return [DEFAULT_ROOM];
  if (!Array.isArray(auth.rooms)) return [];
  return [...new Set(auth.rooms.filter(isJoinable))];
}

/** A login name as the .NET nodes accept it: trimmed, 1-32 characters, no control characters. */
function normalizeUser(raw) {
  const name = typeof raw === 'string' ? raw.trim() : '';
  return name.length > 0 && name.length <= MAX_USER_LENGTH && !/[\u0000-\u001f\u007f-\u009f]/.test(name) ? name : null;
}

/**
 * The user name of a socket of any node: data.name on every node (the .NET nodes' Data["name"] arrives as that).
 * Every socket is also in "user:<name>", the fallback for a socket whose data says nothing.
 */
function userOf(socket) {
  const data = socket.data;
  if (typeof data === 'string') return data;
  if (data && typeof data.name === 'string') return data.name;
  const room = [...socket.rooms].find((r) => r.startsWith(USER_ROOM_PREFIX));
  return room ? room.slice(USER_ROOM_PREFIX.length) : null;
}

/** The users in `room` on every node of the cluster. */
async function usersIn(room) {
  const sockets = await io.in(room).fetchSockets();
  return distinctSorted(sockets.map(userOf));
}

// One announcement at a time per room, in the order asked: each reads the room after the previous one went out, so
// a client never gets from this node an older picture after a newer one.
const presenceTails = new Map();

function announcePresence(room) {
  const previous = presenceTails.get(room) || Promise.resolve();
  const mine = previous.then(async () => {
    try {
      io.to(room).emit('presence', { room, users: await usersIn(room) });
    } catch (err) {
      // fetchSockets times out when a node does not answer; the next change announces again.
      console.error(`${NAME}: presence of ${room}: ${err.message}`);
    }
  });
  presenceTails.set(room, mine);
  mine.then(() => {
    if (presenceTails.get(room) === mine) presenceTails.delete(room);
  });
}

function reply(ack, value) {
  if (typeof ack === 'function') ack(value);
}

/** When each socket's token expires (ms since the epoch); kept out of socket.data, which every node can fetch. */
const tokenExpiry = new WeakMap();

io.use((socket, next) => {
  const auth = socket.handshake.auth || {};
  const token = verifyChatToken(auth.token, JWT_KEY, { issuer: JWT_ISSUER, audience: JWT_AUDIENCE });
  const name = token && normalizeUser(token.name);
  if (!name) {
    next(new Error('unauthorized'));   // what the .NET nodes answer
    return;
  }
  socket.data.name = name;
  tokenExpiry.set(socket, (token.exp + CLOCK_SKEW_S) * 1000);
  next();
});

io.on('connection', (socket) => {
  const user = socket.data.name;
  // Joined before any of the client's events is handled, so a reconnecting client's buffered emits find it there.
  const rooms = roomsFromAuth(socket.handshake.auth).slice(0, MAX_ROOMS_PER_SOCKET);
  socket.join([`${USER_ROOM_PREFIX}${user}`, ...rooms]);
  for (const room of rooms) announcePresence(room);

  // Like the .NET nodes: a session lasts no longer than its token (plus the clock skew both sides allow).
  const expiry = setTimeout(() => socket.disconnect(true), Math.min(2 ** 31 - 1, Math.max(0, tokenExpiry.get(socket) - Date.now())));

  socket.on('join', async (room, ack) => {
    if (!isJoinable(room)) {
      reply(ack, { error: "invalid room name (a-z, 0-9, '-', '_'; at most 32)" });
      return;
    }
    if (!socket.rooms.has(room)) {
      if (chatRooms(socket).length >= MAX_ROOMS_PER_SOCKET) {
        reply(ack, { error: `at most ${MAX_ROOMS_PER_SOCKET} rooms` });
        return;
      }
      socket.join(room);
      announcePresence(room);
    }
    reply(ack, { ok: true, room, users: await usersIn(room) });
  });

  socket.on('leave', (room, ack) => {
    if (!isChatRoom(room, socket)) {
      reply(ack, { error: 'invalid room name' });
      return;
    }
    if (socket.rooms.has(room)) {
      socket.leave(room);
      announcePresence(room);
    }
    reply(ack, { ok: true, room });
  });

  socket.on('rooms', async (ack) => {
    const rooms = chatRooms(socket);
    reply(ack, await Promise.all(rooms.map(async (name) => ({ name, users: await usersIn(name) }))));
  });

  socket.on('message', (payload, ack) => {
    const { room, text, clientId } = payload && typeof payload === 'object' ? payload : {};
    if (!isChatRoom(room, socket) || !socket.rooms.has(room)) {
      reply(ack, { error: 'join the room first' });
      return;
    }
    if (typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_TEXT_LENGTH) {
      reply(ack, { error: `text must be 1-${MAX_TEXT_LENGTH} characters` });
      return;
    }
    if (typeof clientId === 'string' && clientId.length > MAX_CLIENT_ID_LENGTH) {
      reply(ack, { error: `clientId must be at most ${MAX_CLIENT_ID_LENGTH} characters` });
      return;
    }
    const message = {
      // The .NET nodes' id format: 32 hex digits.
      id: randomUUID().replaceAll('-', ''),
      room,
      user,
      text,
      at: new Date().toISOString(),
      clientId: typeof clientId === 'string' ? clientId : null,
    };
    io.to(room).emit('message', message);
    reply(ack, { id: message.id, at: message.at });
  });

  socket.on('typing', (payload) => {
    const { room, typing } = payload && typeof payload === 'object' ? payload : {};
    if (!isChatRoom(room, socket) || !socket.rooms.has(room) || typeof typing !== 'boolean') return;
    // Volatile: a typing notice that cannot go out at once is worthless later.
    socket.to(room).volatile.emit('typing', { room, user, typing });
  });

  let roomsAtDisconnect = [];
  socket.on('disconnecting', () => {
    roomsAtDisconnect = chatRooms(socket);
  });
  socket.on('disconnect', () => {
    clearTimeout(expiry);
    for (const room of roomsAtDisconnect) announcePresence(room);
  });
});

async function main() {
  await Promise.all([pubClient.connect(), subClient.connect()]);
  io.adapter(createAdapter(pubClient, subClient));
  await new Promise((resolve) => httpServer.listen(PORT, '127.0.0.1', resolve));
  ready = true;
  console.log(`${NAME}: Socket.IO on http://127.0.0.1:${PORT}/socket.io/, Redis ${options.redis}`);
}

function shutdown() {
  io.close();
  Promise.allSettled([pubClient.disconnect(), subClient.disconnect()]).finally(() => process.exit(0));
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

main().catch((err) => {
  console.error(`${NAME}: failed to start: ${err.stack || err}`);
  process.exit(1);
});
