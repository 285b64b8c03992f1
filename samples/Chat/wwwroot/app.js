// The chat page: plain JS on the real socket.io-client (served by the app at /socket.io-client/socket.io.min.js).
// Protocol: see samples/Chat/README.md.
'use strict';

(() => {
  const DEFAULT_ROOM = 'general';
  const TYPING_SEND_EVERY_MS = 2000;   // while typing, tell the room again this often
  const TYPING_IDLE_MS = 3000;         // this long without a keystroke ends "typing"
  const TYPING_EXPIRES_MS = 6000;      // someone else's notice lapses unless repeated (their tab may have died)

  const $ = (id) => document.getElementById(id);
  const storage = window.sessionStorage;

  const state = {
    token: storage.getItem('chat.token'),
    name: storage.getItem('chat.name'),
    rooms: new Set(JSON.parse(storage.getItem('chat.rooms') || 'null') || [DEFAULT_ROOM]),
    current: storage.getItem('chat.current') || DEFAULT_ROOM,
    messages: new Map(),   // room -> [message]; a message: { id, clientId, room, user, text, at, own, state, error }
    members: new Map(),    // room -> [names]
    typing: new Map(),     // room -> Map(user -> timer)
    unread: new Map(),     // room -> count
  };
  let socket = null;
  let typingSentAt = 0;
  let typingIdleTimer = null;

  // ---- persistence -------------------------------------------------------------------------------------------

  function save() {
    storage.setItem('chat.rooms', JSON.stringify([...state.rooms]));
    storage.setItem('chat.current', state.current);
  }

  function randomId() {
    // crypto.randomUUID needs a secure context; getRandomValues works on plain http too.
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // ---- connection --------------------------------------------------------------------------------------------

  function connect() {
    // auth is a function: it is called again on every reconnection, so a reconnecting client names the rooms it is
    // in now and the server joins them before handling what was buffered while offline.
    socket = io({ auth: (cb) => cb({ token: state.token, rooms: [...state.rooms] }) });

    socket.on('connect', () => {
      // The client has just flushed what it buffered while offline: those messages are on the wire now.
      for (const list of state.messages.values()) {
        for (const m of list) if (m.own && m.state === 'queued') m.state = 'sent';
      }
      renderConnection();
      renderMessages();
      socket.emit('rooms', (rooms) => {
        if (!Array.isArray(rooms)) return;
        state.rooms = new Set(rooms.map((r) => r.name));
        for (const r of rooms) {
          state.members.set(r.name, r.users);
          mergeHistory(r.name, r.messages);
        }
        if (!state.rooms.has(state.current)) state.current = rooms.length ? rooms[0].name : '';
        save();
        renderAll();
      });
    });
    socket.on('disconnect', renderConnection);
    socket.on('connect_error', (err) => {
      if (err && err.message === 'unauthorized') {
        logout('Your session has expired or is invalid: please log in again.');
        return;
      }
      renderConnection();
    });
    socket.io.on('reconnect_attempt', renderConnection);
    socket.io.on('reconnect_failed', renderConnection);

    socket.on('message', onMessage);
    socket.on('presence', ({ room, users }) => {
      state.members.set(room, users);
      // Whoever left stopped typing.
      const typers = state.typing.get(room);
      if (typers) for (const user of [...typers.keys()]) if (!users.includes(user)) clearTyping(room, user);
      if (room === state.current) renderMembers();
    });
    socket.on('typing', ({ room, user, typing }) => {
      if (user === state.name) return;   // another tab of ours
      if (typing) setTyping(room, user); else clearTyping(room, user);
    });
  }

  function connectionState() {
    if (socket && socket.connected) return 'connected';
    if (!navigator.onLine) return 'offline';
    // active: the client will reconnect by itself (it stops after "io server disconnect" or a manual disconnect).
    return socket && socket.active ? 'reconnecting' : 'offline';
  }

  function renderConnection() {
    const value = connectionState();
    const badge = $('connection-state');
    badge.dataset.state = value;
    badge.textContent = value;
    badge.className = `badge badge-${value}`;
    $('reconnect').hidden = !socket || value !== 'offline' || socket.active;
  }

  // ---- messages ----------------------------------------------------------------------------------------------

  function messagesOf(room) {
    if (!state.messages.has(room)) state.messages.set(room, []);
    return state.messages.get(room);
  }

  /** Adds a message from the server unless it is known; true when it is new to this page. */
  function addFromServer(m) {
    const list = messagesOf(m.room);
    if (list.some((x) => x.id === m.id)) return false;   // seen already (e.g. replayed by connection state recovery)
    const mine = m.user === state.name && m.clientId ? list.find((x) => x.own && x.clientId === m.clientId) : null;
    if (mine) {
      // Our own message came back through the room: the server has it.
      Object.assign(mine, { id: m.id, at: m.at, state: 'delivered' });
      return false;
    }
    list.push({ ...m, own: m.user === state.name, state: 'delivered' });
    return true;
  }

  function onMessage(m) {
    if (addFromServer(m) && m.room !== state.current) state.unread.set(m.room, (state.unread.get(m.room) || 0) + 1);
    clearTyping(m.room, m.user);
    renderMessages();
    renderRooms();
  }

  // The recent messages the server sends with "rooms" and "join": what was said while this page was away (e.g. the
  // server restarted, which loses connection state recovery, and others' offline messages arrived before we did).
  function mergeHistory(room, messages) {
    if (!Array.isArray(messages) || messages.length === 0) return;
    let added = false;
    for (const m of messages) added = addFromServer(m) || added;
    if (!added) return;
    // Server time order; our own messages still on their way go last.
    messagesOf(room).sort((a, b) => (a.at === null) - (b.at === null) || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  function send(text) {
    const room = state.current;
    if (!room) return;
    const message = {
      id: null, clientId: randomId(), room, user: state.name, text, at: null, own: true,
      // Emitted while offline, the client buffers it until it is connected again.
      state: socket.connected ? 'sent' : 'queued',
    };
    messagesOf(room).push(message);
    socket.emit('message', { room, text, clientId: message.clientId }, (ack) => {
      if (ack && ack.id) Object.assign(message, { id: ack.id, at: ack.at, state: 'delivered' });
      else Object.assign(message, { state: 'failed', error: (ack && ack.error) || 'refused' });
      renderMessages();
    });
    stopTyping();
    renderMessages();
  }

  // ---- typing ------------------------------------------------------------------------------------------------

  function onComposeInput() {
    if (!socket || !state.current) return;
    const now = Date.now();
    if (now - typingSentAt > TYPING_SEND_EVERY_MS) {
      typingSentAt = now;
      // volatile: a typing notice that cannot go out now is worthless later.
      socket.volatile.emit('typing', { room: state.current, typing: true });
    }
    clearTimeout(typingIdleTimer);
    typingIdleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function stopTyping() {
    clearTimeout(typingIdleTimer);
    if (typingSentAt && socket && state.current) socket.volatile.emit('typing', { room: state.current, typing: false });
    typingSentAt = 0;
  }

  function setTyping(room, user) {
    if (!state.typing.has(room)) state.typing.set(room, new Map());
    const typers = state.typing.get(room);
    clearTimeout(typers.get(user));
    typers.set(user, setTimeout(() => clearTyping(room, user), TYPING_EXPIRES_MS));
    if (room === state.current) renderTyping();
  }

  function clearTyping(room, user) {
    const typers = state.typing.get(room);
    if (!typers || !typers.has(user)) return;
    clearTimeout(typers.get(user));
    typers.delete(user);
    if (room === state.current) renderTyping();
  }

  // ---- rooms -------------------------------------------------------------------------------------------------

  function join(room) {
    $('room-error').textContent = '';
    socket.emit('join', room, (ack) => {
      if (!ack || !ack.ok) {
        $('room-error').textContent = (ack && ack.error) || 'could not join';
        return;
      }
      state.rooms.add(ack.room);
      state.members.set(ack.room, ack.users);
      mergeHistory(ack.room, ack.messages);
      select(ack.room);
    });
  }

  function leave(room) {
    socket.emit('leave', room, (ack) => {
      if (!ack || !ack.ok) return;
      state.rooms.delete(room);
      state.members.delete(room);
      state.typing.delete(room);
      if (state.current === room) state.current = state.rooms.values().next().value || '';
      save();
      renderAll();
    });
  }

  function select(room) {
    if (state.current !== room) stopTyping();
    state.current = room;
    state.unread.delete(room);
    save();
    renderAll();
  }

  // ---- rendering ---------------------------------------------------------------------------------------------

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('aria-') || key === 'role') node.setAttribute(key, value);
      else node[key] = value;
    }
    node.append(...children);
    return node;
  }

  function renderRooms() {
    const items = [...state.rooms].sort().map((room) => {
      const unread = state.unread.get(room);
      return el('li', { dataset: { testid: 'room', room }, 'aria-current': String(room === state.current) },
        el('button', { type: 'button', className: 'room-name', onclick: () => select(room), 'aria-label': `Open room ${room}` },
          `#${room}`),
        unread ? el('span', { className: 'unread', 'aria-label': `${unread} unread` }, String(unread)) : '',
        el('button', { type: 'button', className: 'leave', onclick: () => leave(room), 'aria-label': `Leave room ${room}`,
          dataset: { testid: 'leave-room' } }, '×'));
    });
    $('room-list').replaceChildren(...items);
    $('current-room').textContent = state.current || '(no room)';
    $('message-text').disabled = !state.current;
    $('send').disabled = !state.current;
  }

  function renderMembers() {
    const users = state.members.get(state.current) || [];
    $('members').replaceChildren(...users.map((user) =>
      el('li', { dataset: { testid: 'member', user } }, user === state.name ? `${user} (you)` : user)));
  }

  const STATE_LABELS = { queued: 'queued (offline)', sent: 'sent', delivered: 'delivered', failed: 'not sent' };

  function renderMessages() {
    const list = state.messages.get(state.current) || [];
    const box = $('messages');
    const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    box.replaceChildren(...list.map((m) => {
      const time = m.at ? new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '…';
      return el('li', {
        dataset: { testid: 'message', user: m.user, clientId: m.clientId || '', id: m.id || '', state: m.state, own: String(m.own) },
      },
      el('span', { className: 'meta' }, time),
      el('span', { className: 'author' }, m.user),
      el('span', { className: 'text' }, m.text),
      m.own ? el('span', { className: 'state', dataset: { testid: 'message-state' }, title: m.error || '' }, STATE_LABELS[m.state]) : '');
    }));
    if (atBottom) box.scrollTop = box.scrollHeight;
  }

  function renderTyping() {
    const typers = [...(state.typing.get(state.current) || new Map()).keys()].sort();
    $('typing-indicator').textContent =
      typers.length === 0 ? '' : typers.length === 1 ? `${typers[0]} is typing…` : `${typers.join(', ')} are typing…`;
  }

  function renderAll() {
    renderRooms();
    renderMembers();
    renderMessages();
    renderTyping();
  }

  // ---- session -----------------------------------------------------------------------------------------------

  function showChat() {
    $('login').hidden = true;
    $('chat').hidden = false;
    $('logout').hidden = false;
    $('whoami').textContent = `Signed in as ${state.name}`;
    renderAll();
    renderConnection();
    $('message-text').focus();
  }

  function logout(reason) {
    if (socket) {
      socket.disconnect();
      socket = null;
    }
    for (const key of ['chat.token', 'chat.name', 'chat.rooms', 'chat.current']) storage.removeItem(key);
    state.token = state.name = null;
    state.rooms = new Set([DEFAULT_ROOM]);
    state.current = DEFAULT_ROOM;
    state.messages.clear();
    state.members.clear();
    state.typing.clear();
    state.unread.clear();
    $('chat').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    $('whoami').textContent = '';
    $('login-error').textContent = reason || '';
    renderConnection();
  }

  async function login(name) {
    $('login-error').textContent = '';
    let response;
    try {
      response = await fetch('/api/login', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }),
      });
    } catch {
      $('login-error').textContent = 'The server cannot be reached.';
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      $('login-error').textContent = body.error || `Login failed (${response.status}).`;
      return;
    }
    state.token = body.token;
    state.name = body.name;
    storage.setItem('chat.token', state.token);
    storage.setItem('chat.name', state.name);
    save();
    showChat();
    connect();
  }

  // ---- wiring ------------------------------------------------------------------------------------------------

  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    login($('login-name').value);
  });
  $('logout').addEventListener('click', () => logout());
  $('reconnect').addEventListener('click', () => socket && socket.connect());
  $('join-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const room = $('join-room').value.trim().toLowerCase();
    if (room) join(room);
    $('join-room').value = '';
  });
  $('compose').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('message-text').value;
    if (!text.trim()) return;
    send(text);
    $('message-text').value = '';
  });
  $('message-text').addEventListener('input', onComposeInput);
  window.addEventListener('online', renderConnection);
  window.addEventListener('offline', renderConnection);

  if (state.token && state.name) {
    showChat();
    connect();
  } else {
    renderConnection();
  }
})();
