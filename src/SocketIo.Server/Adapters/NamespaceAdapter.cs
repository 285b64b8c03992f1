using SocketIo.Server.Engine;
using SocketIo.Server.Parsing;

namespace SocketIo.Server.Adapters;

/// <summary>
/// The adapter of one namespace: which sockets are in which rooms, and the operations that address sockets by room.
/// This base class is the in-memory adapter and does everything on this node; a cluster adapter overrides the
/// operations to also publish them, calls <c>base</c> for the local part, and applies what other nodes publish
/// through the same local operations.
/// </summary>
/// <remarks>A broadcast is encoded once per node; every recipient's connection gets the same bytes.</remarks>
public class NamespaceAdapter : IAsyncDisposable
{
    [ThreadStatic]
    private static List<string>? t_recipients;

    private readonly RoomIndex _rooms = new();
    private readonly SessionStore? _sessions;

    /// <summary>Creates the adapter of the namespace described by <paramref name="context"/>.</summary>
    /// <param name="context">The namespace and the server's services.</param>
    public NamespaceAdapter(AdapterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        if (context.Recovery is { } recovery)
        {
            _sessions = new SessionStore(recovery, context.TimeProvider);
        }
    }

    /// <summary>The namespace this adapter serves.</summary>
    public string Namespace => Context.Namespace;

    /// <summary>What the server gave this adapter.</summary>
    protected AdapterContext Context { get; }

    internal RoomIndex Rooms => _rooms;

    internal SessionStore? Sessions => _sessions;

    /// <summary>Puts a local socket in rooms. Cluster adapters override it to follow room creation.</summary>
    /// <param name="socketId">The socket.</param>
    /// <param name="rooms">The rooms to join.</param>
    public virtual void AddAll(string socketId, IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(socketId);
        ArgumentNullException.ThrowIfNull(rooms);
        foreach (var room in rooms)
        {
            if (_rooms.Join(socketId, room, out var created) && created)
            {
                OnRoomCreated(room);
            }
        }
    }

    /// <summary>Takes a local socket out of a room.</summary>
    /// <param name="socketId">The socket.</param>
    /// <param name="room">The room to leave.</param>
    public virtual void Del(string socketId, string room)
    {
        if (_rooms.Leave(socketId, room, out var deleted) && deleted)
        {
            OnRoomDeleted(room);
        }
    }

    /// <summary>Takes a local socket out of every room.</summary>
    /// <param name="socketId">The socket.</param>
    public virtual void DelAll(string socketId)
    {
        var left = new List<string>();
        var deleted = new List<string>();
        _rooms.LeaveAll(socketId, left, deleted);
        foreach (var room in deleted)
        {
            OnRoomDeleted(room);
        }
    }

    /// <summary>The rooms a local socket is in.</summary>
    /// <param name="socketId">The socket.</param>
    public IReadOnlyCollection<string> GetSocketRooms(string socketId)
    {
        var rooms = new List<string>();
        _rooms.RoomsOf(socketId, rooms);
        return rooms;
    }

    /// <summary>Every room with a member on this node, the sockets' own rooms included.</summary>
    public IReadOnlyCollection<string> GetLocalRooms()
    {
        var rooms = new List<string>();
        _rooms.AllRooms(rooms);
        return rooms;
    }

    /// <summary>
    /// Every room of the namespace, the sockets' own rooms included, as socket.io's <c>adapter.allRooms()</c>: here
    /// the local ones; a cluster adapter whose protocol can ask the other nodes adds theirs.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request (cluster adapters).</param>
    public virtual Task<IReadOnlySet<string>> AllRoomsAsync(CancellationToken cancellationToken = default)
    {
        var rooms = new List<string>();
        _rooms.AllRooms(rooms);
        return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(rooms, StringComparer.Ordinal));
    }

    /// <summary>Whether a local socket is in <paramref name="room"/>.</summary>
    /// <param name="room">The room.</param>
    protected bool HasLocalRoom(string room) => _rooms.HasRoom(room);

    /// <summary>Whether <paramref name="socketId"/> is a socket of this node (socket.io's "private room" test).</summary>
    /// <param name="socketId">The id, or any room name.</param>
    protected bool IsLocalSocket(string socketId) => _rooms.HasSocket(socketId);

    /// <summary>
    /// Called when a room gets its first local member (socket.io's <c>create-room</c>), the socket's own room
    /// included, after the membership changed. Called outside any lock, on the thread that joined, so calls for
    /// different rooms (or for one room from different threads) may run concurrently: check the current state with
    /// <see cref="HasLocalRoom"/> rather than trusting the order of calls.
    /// </summary>
    /// <param name="room">The room.</param>
    protected virtual void OnRoomCreated(string room)
    {
    }

    /// <summary>
    /// Called when a room loses its last local member (socket.io's <c>delete-room</c>), after the membership changed;
    /// the same threading as <see cref="OnRoomCreated"/>.
    /// </summary>
    /// <param name="room">The room.</param>
    protected virtual void OnRoomDeleted(string room)
    {
    }

    /// <summary>The ids of the local sockets <paramref name="options"/> addresses.</summary>
    /// <param name="options">Whom to address.</param>
    public IReadOnlyCollection<string> GetLocalSockets(BroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ids = new List<string>();
        _rooms.Select(options.Target, ids);
        return ids;
    }

    /// <summary>Sends an event to the sockets <paramref name="options"/> addresses.</summary>
    /// <param name="packet">The event.</param>
    /// <param name="options">Whom to address, and how.</param>
    /// <param name="cancellationToken">Cancels publishing (cluster adapters); local delivery is immediate.</param>
    public virtual Task BroadcastAsync(BroadcastPacket packet, BroadcastOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);

        // Recovery keeps what could be missed: events without acknowledgement that are not volatile.
        if (_sessions is not null && !options.Flags.Volatile)
        {
            packet = _sessions.Append(packet, options);
        }

        Deliver(packet, options, ackId: null, onAck: null);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends an event that asks each recipient for an acknowledgement. <paramref name="onClientCount"/> is told how
    /// many sockets it went to (here, once, possibly 0); <paramref name="onAck"/> gets the first argument of each
    /// acknowledgement as it arrives.
    /// </summary>
    /// <param name="packet">The event.</param>
    /// <param name="options">Whom to address, and how; <see cref="BroadcastFlags.Timeout"/> bounds the wait.</param>
    /// <param name="onClientCount">Told the number of recipients.</param>
    /// <param name="onAck">Given each acknowledgement's first argument.</param>
    /// <param name="cancellationToken">Cancels publishing (cluster adapters).</param>
    /// <returns>How many nodes report a client count, this one included (here: 1).</returns>
    public virtual Task<int> BroadcastWithAckAsync(
        BroadcastPacket packet,
        BroadcastOptions options,
        Action<int> onClientCount,
        Action<object?> onAck,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onClientCount);
        ArgumentNullException.ThrowIfNull(onAck);
        var count = Deliver(packet, options, Context.Sockets.NextAckId(), onAck);
        onClientCount(count);
        return Task.FromResult(1);
    }

    /// <summary>Makes the addressed sockets join <paramref name="rooms"/>.</summary>
    /// <param name="options">Whom to address.</param>
    /// <param name="rooms">The rooms to join.</param>
    /// <param name="cancellationToken">Cancels publishing (cluster adapters).</param>
    public virtual Task AddSocketsAsync(BroadcastOptions options, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        ForEachLocal(options, rooms, static (socket, rooms) => socket.JoinWithinLimit(rooms));
        return Task.CompletedTask;
    }

    /// <summary>Makes the addressed sockets leave <paramref name="rooms"/>.</summary>
    /// <param name="options">Whom to address.</param>
    /// <param name="rooms">The rooms to leave.</param>
    /// <param name="cancellationToken">Cancels publishing (cluster adapters).</param>
    public virtual Task DelSocketsAsync(BroadcastOptions options, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        ForEachLocal(options, rooms, static (socket, rooms) =>
        {
            foreach (var room in rooms)
            {
                socket.Leave(room);
            }
        });
        return Task.CompletedTask;
    }

    /// <summary>Disconnects the addressed sockets; with <paramref name="close"/>, closes their connections too.</summary>
    /// <param name="options">Whom to address.</param>
    /// <param name="close">Whether to close the underlying connections.</param>
    /// <param name="cancellationToken">Cancels publishing (cluster adapters).</param>
    public virtual Task DisconnectSocketsAsync(BroadcastOptions options, bool close, CancellationToken cancellationToken = default)
    {
        ForEachLocal(options, close, static (socket, close) => socket.Disconnect(close));
        return Task.CompletedTask;
    }

    /// <summary>Describes the addressed sockets (here: the local ones).</summary>
    /// <param name="options">Whom to address.</param>
    /// <param name="cancellationToken">Cancels the request (cluster adapters).</param>
    public virtual Task<IReadOnlyList<SocketDescription>> FetchSocketsAsync(BroadcastOptions options, CancellationToken cancellationToken = default)
    {
        var found = new List<SocketDescription>();
        ForEachLocal(options, found, static (socket, found) => found.Add(socket.Describe()));
        return Task.FromResult<IReadOnlyList<SocketDescription>>(found);
    }

    /// <summary>
    /// Sends an event to the server-side listeners of this namespace on the other nodes; with one node, nothing.
    /// </summary>
    /// <param name="arguments">The event name followed by its arguments.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public virtual Task ServerSideEmitAsync(IReadOnlyList<object?> arguments, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    /// <summary>
    /// Sends an event to the other nodes' server-side listeners and collects the first argument of each answer;
    /// with one node, an empty list at once.
    /// </summary>
    /// <param name="arguments">The event name followed by its arguments.</param>
    /// <param name="timeout">How long to wait for the answers.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public virtual Task<IReadOnlyList<object?>> ServerSideEmitWithAckAsync(
        IReadOnlyList<object?> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<object?>>([]);

    /// <summary>The number of nodes serving this namespace, this one included.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public virtual Task<int> GetServerCountAsync(CancellationToken cancellationToken = default) => Task.FromResult(1);

    /// <summary>Keeps the state of a socket that dropped, for connection state recovery.</summary>
    /// <param name="session">The socket's state.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public virtual ValueTask PersistSessionAsync(PersistedSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        _sessions?.Persist(session);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Finds the session <paramref name="privateId"/> and the packets sent to it after <paramref name="offset"/>;
    /// null when either is unknown or expired.
    /// </summary>
    /// <param name="privateId">The private session id the client presented.</param>
    /// <param name="offset">The offset of the last packet the client received.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public virtual ValueTask<RecoveredSession?> RestoreSessionAsync(string privateId, string offset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(privateId);
        ArgumentNullException.ThrowIfNull(offset);
        return ValueTask.FromResult(_sessions?.Restore(privateId, offset));
    }

    /// <summary>Releases what the adapter holds (subscriptions, connections).</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private int Deliver(BroadcastPacket packet, BroadcastOptions options, long? ackId, Action<object?>? onAck)
    {
        var recipients = t_recipients ?? [];
        t_recipients = null;
        try
        {
            _rooms.Select(options.Target, recipients);
            if (recipients.Count == 0)
            {
                return 0;
            }

            var encoded = Context.Parser.Encode(
                SocketIoPacketType.Event,
                Namespace,
                ackId,
                SocketIoPayload.FromEvent(packet.EventName, packet.ArgumentMemory));
            var delivered = 0;
            foreach (var id in recipients)
            {
                if (!Context.Sockets.TryGetSocket(id, out var socket))
                {
                    continue;
                }

                // A socket that already waits for all the acknowledgements it may is left out, and not counted.
                if (ackId is { } id2 && onAck is not null
                    && !socket.ExpectAck(id2, options.Flags.Timeout, arguments => onAck(arguments.Count > 0 ? arguments[0] : null)))
                {
                    continue;
                }

                socket.Deliver(packet, encoded, options.Flags.Volatile);
                delivered++;
            }

            return delivered;
        }
        finally
        {
            recipients.Clear();
            t_recipients = recipients.Capacity <= 4096 ? recipients : null;
        }
    }

    private void ForEachLocal<TState>(BroadcastOptions options, TState state, Action<ILocalSocket, TState> action)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Acting on a socket may change rooms (leave, disconnect), so the selection is taken first.
        var ids = new List<string>();
        _rooms.Select(options.Target, ids);
        foreach (var id in ids)
        {
            if (Context.Sockets.TryGetSocket(id, out var socket))
            {
                action(socket, state);
            }
        }
    }
}
