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

import { verifyChatToken } from './chat-token.mjs';

// The Chat sample's built-in development signing key (samples/Chat); CHAT_JWT_KEY overrides it on every node.
const DEV_JWT_KEY = 'chat-sample-development-key-change-me-0123456789';

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

const DEFAULT_ROOM = 'general';
const MAX_ROOM_LENGTH = 64;
const MAX_TEXT_LENGTH = 2000;
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

/** A room a user may join: a trimmed, non-empty name that is not a private (user or socket id) room. */
function roomName(value) {
  if (typeof value !== 'string') return null;
  const room = value.trim();
  if (room.length === 0 || room.length > MAX_ROOM_LENGTH || room.startsWith(USER_ROOM_PREFIX)) return null;
  return room;
}

/** The rooms a socket shows its user: all but its own id's and its user's. */
function chatRooms(socket) {
  return [...socket.rooms].filter((r) => r !== socket.id && !r.startsWith(USER_ROOM_PREFIX));
}

/**
 * The user name of a socket of any node. A .NET node's socket data arrives as whatever it serialized; every
 * socket is in "user:<name>", which says it in any language.
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

async function announcePresence(room) {
  try {
    io.to(room).emit('presence', { room, users: await usersIn(room) });
  } catch (err) {
    // fetchSockets times out when a node does not answer; the next change announces again.
    console.error(`${NAME}: presence of ${room}: ${err.message}`);
  }
}

function reply(ack, value) {
  if (typeof ack === 'function') ack(value);
}

io.use((socket, next) => {
  const auth = socket.handshake.auth || {};
  const name = verifyChatToken(auth.token, JWT_KEY);
  if (!name) {
    next(new Error('unauthorized'));
    return;
  }
  socket.data.name = name;
  next();
});

io.on('connection', (socket) => {
  const user = socket.data.name;
  const requested = Array.isArray(socket.handshake.auth.rooms) ? socket.handshake.auth.rooms.map(roomName) : [];
  const rooms = [...new Set(requested.filter(Boolean))];
  if (rooms.length === 0) rooms.push(DEFAULT_ROOM);
  // Joined before any of the client's events is handled, so a reconnecting client's buffered emits find it there.
  socket.join([...rooms, `${USER_ROOM_PREFIX}${user}`]);
  for (const room of rooms) announcePresence(room);

  socket.on('join', async (value, ack) => {
    const room = roomName(value);
    if (!room) {
      reply(ack, { error: 'invalid room name' });
      return;
    }
    socket.join(room);
    announcePresence(room);
    reply(ack, { ok: true, room, users: await usersIn(room) });
  });

  socket.on('leave', (value, ack) => {
    const room = roomName(value);
    if (!room) {
      reply(ack, { error: 'invalid room name' });
      return;
    }
    socket.leave(room);
    announcePresence(room);
    reply(ack, { ok: true, room });
  });

  socket.on('rooms', async (ack) => {
    const rooms = chatRooms(socket);
    reply(ack, await Promise.all(rooms.map(async (name) => ({ name, users: await usersIn(name) }))));
  });

  socket.on('message', (payload, ack) => {
    const { room, text, clientId } = payload || {};
    if (typeof room !== 'string' || !socket.rooms.has(room) || room.startsWith(USER_ROOM_PREFIX)) {
      reply(ack, { error: 'not in that room' });
      return;
    }
    if (typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_TEXT_LENGTH) {
      reply(ack, { error: `text must be 1-${MAX_TEXT_LENGTH} characters` });
      return;
    }
    const message = {
      id: randomUUID(), room, user, text, at: new Date().toISOString(), clientId: typeof clientId === 'string' ? clientId : null,
    };
    io.to(room).emit('message', message);
    reply(ack, { id: message.id, at: message.at });
  });

  socket.on('typing', (payload) => {
    const { room, typing } = payload || {};
    if (typeof room !== 'string' || !socket.rooms.has(room) || room.startsWith(USER_ROOM_PREFIX)) return;
    socket.to(room).volatile.emit('typing', { room, user, typing: typing === true });
  });

  let roomsAtDisconnect = [];
  socket.on('disconnecting', () => {
    roomsAtDisconnect = chatRooms(socket);
  });
  socket.on('disconnect', () => {
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
