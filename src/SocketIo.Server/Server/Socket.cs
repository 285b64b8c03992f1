using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocketIo.Server.Adapters;
using SocketIo.Server.Diagnostics;
using SocketIo.Server.Engine;
using SocketIo.Server.Parsing;

namespace SocketIo.Server;

/// <summary>
/// A client's connection to one namespace (socket.io's server-side <c>Socket</c>). One Engine.IO connection carries
/// a socket per namespace it joined.
/// </summary>
/// <example>
/// <code>
/// io.OnConnection(socket =>
/// {
///     socket.Join("lobby");
///     socket.On("chat", (string text) => socket.To("lobby").Emit("chat", socket.Id, text));
///     socket.On("add", (int a, int b) => a + b); // acknowledged with the sum
///     socket.On("disconnect", (string reason) => Console.WriteLine($"{socket.Id} left: {reason}"));
/// });
/// </code>
/// </example>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The token source has no timer and is only ever cancelled; Disconnected must stay readable after disconnection.")]
public sealed partial class Socket : ILocalSocket
{
    private const string ErrorEvent = "error";

    private static readonly string[] ReservedEvents =
        ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

    // Already cancelled: what a socket's token source becomes on disconnection, when it made none before.
    private static readonly CancellationTokenSource CancelledSource = CreateCancelledSource();

    private readonly ClientConnection _client;
    private readonly ListenerSet _listeners = new();

    // Created on first use, as most idle sockets never need them: the acknowledgements waited for (AckRegistry.Closed
    // once disconnected), the token source of Disconnected (CancelledSource once disconnected), the room-limit lock.
    private AckRegistry? _acks;
    private CancellationTokenSource? _disconnected;
    private Lock? _joinLock;
    private SocketHooks? _hooks;
    private int _state; // 0 connecting, 1 connected, 2 disconnected
    private ConcurrentDictionary<string, object?>? _data;
    private ClaimsPrincipal? _user;

    internal Socket(Namespace nsp, ClientConnection client, SocketHandshake handshake, PersistedSession? previous)
    {
        Namespace = nsp;
        _client = client;
        Handshake = handshake;
        _user = handshake.User;
        if (previous is not null)
        {
            Id = previous.SocketId;
            PrivateId = previous.PrivateId;
            if (previous.Data.Count > 0)
            {
                _data = new ConcurrentDictionary<string, object?>(previous.Data, StringComparer.Ordinal);
            }

            Recovered = true;
        }
        else
        {
            Id = SessionIdGenerator.NewId();
            PrivateId = nsp.Server.Options.ConnectionStateRecovery is null ? null : SessionIdGenerator.NewId();
        }
    }

    /// <summary>The socket id: 20 random characters, distinct from the (secret) Engine.IO session id.</summary>
    public string Id { get; }

    /// <summary>The namespace the socket belongs to.</summary>
    public Namespace Namespace { get; }

    /// <summary>The details of the connection and the client's <c>auth</c> payload.</summary>
    public SocketHandshake Handshake { get; }

    /// <summary>
    /// Per-socket user data (socket.io's <c>socket.data</c>); kept by connection state recovery and returned by
    /// <see cref="Namespace.FetchSocketsAsync"/>.
    /// </summary>
    /// <remarks>Created on first use: most sockets never store anything, and an idle connection should cost little.</remarks>
    public IDictionary<string, object?> Data
    {
        get
        {
            var data = System.Threading.Volatile.Read(ref _data);
            if (data is null)
            {
                data = new ConcurrentDictionary<string, object?>(StringComparer.Ordinal);
                data = Interlocked.CompareExchange(ref _data, data, null) ?? data;
            }

            return data;
        }
    }

    /// <summary>
    /// Who the client is: the principal the handshake authenticated, or the ASP.NET Core user of the request that
    /// opened the connection; an unauthenticated principal when neither knows.
    /// </summary>
    public ClaimsPrincipal User
    {
        get => _user ??= new ClaimsPrincipal(new ClaimsIdentity());
        internal set => _user = value;
    }

    /// <summary>Whether the socket is connected.</summary>
    public bool Connected => System.Threading.Volatile.Read(ref _state) == 1;

    /// <summary>Whether this socket continues a session that dropped (connection state recovery).</summary>
    public bool Recovered { get; }

    /// <summary>The rooms the socket is in, its own id included.</summary>
    public IReadOnlyCollection<string> Rooms => Namespace.Adapter.GetSocketRooms(Id);

    /// <summary>The Engine.IO connection under this socket (shared by the client's other namespaces).</summary>
    public EngineConnection Connection => _client.Connection;

    /// <summary>Triggered when the socket disconnects.</summary>
    public CancellationToken Disconnected => (System.Threading.Volatile.Read(ref _disconnected) ?? CreateDisconnected()).Token;

    /// <summary>A broadcast to every other socket of the namespace (socket.io's <c>socket.broadcast</c>).</summary>
    public BroadcastOperator Broadcast => Namespace.Operator().Except(Id);

    /// <summary>Emits this socket's next packets only if the client can take them at once.</summary>
    public SocketEmitter Volatile => new(this, new BroadcastFlags { Volatile = true });

    /// <summary>The socket.io private session id, set when connection state recovery is on.</summary>
    internal string? PrivateId { get; }

    internal ILogger Logger => Namespace.Server.Logger;

    private Dictionary<string, object?> SnapshotData() =>
        System.Threading.Volatile.Read(ref _data) is { } data
            ? new Dictionary<string, object?>(data, StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>A broadcast to the members of <paramref name="room"/>, this socket excluded.</summary>
    /// <param name="room">The room.</param>
    public BroadcastOperator To(string room) => Broadcast.To(room);

    /// <summary>A broadcast to the members of any of <paramref name="rooms"/>, this socket excluded.</summary>
    /// <param name="rooms">The rooms.</param>
    public BroadcastOperator To(IEnumerable<string> rooms) => Broadcast.To(rooms);

    /// <summary>Same as <see cref="To(string)"/>.</summary>
    /// <param name="room">The room.</param>
    public BroadcastOperator In(string room) => To(room);

    /// <summary>A broadcast to every other socket except the members of <paramref name="room"/>.</summary>
    /// <param name="room">The room to leave out.</param>
    public BroadcastOperator Except(string room) => Broadcast.Except(room);

    /// <summary>Emits this socket's next packet with compression on or off.</summary>
    /// <param name="compress">False to ask for no compression.</param>
    public SocketEmitter Compress(bool compress) => new(this, new BroadcastFlags { Compress = compress });

    /// <summary>Bounds the wait for the acknowledgement of the next emit.</summary>
    /// <param name="timeout">How long to wait.</param>
    public SocketEmitter Timeout(TimeSpan timeout) => new(this, new BroadcastFlags { Timeout = timeout });

    /// <summary>Joins a room.</summary>
    /// <param name="room">The room.</param>
    /// <exception cref="SocketIoLimitExceededException">
    /// The socket is in <see cref="SocketIoServerOptions.MaxRoomsPerSocket"/> rooms already; it joined nothing.
    /// </exception>
    public void Join(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        JoinOrThrow([room]);
    }

    /// <summary>Joins rooms: all of them, or, when that would pass the room limit, none.</summary>
    /// <param name="rooms">The rooms.</param>
    /// <exception cref="SocketIoLimitExceededException">
    /// Joining them all would put the socket in more than <see cref="SocketIoServerOptions.MaxRoomsPerSocket"/> rooms;
    /// it joined none.
    /// </exception>
    public void Join(IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        JoinOrThrow(rooms as IReadOnlyCollection<string> ?? [.. rooms]);
    }

    /// <summary>Leaves a room.</summary>
    /// <param name="room">The room.</param>
    public void Leave(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        Namespace.Adapter.Del(Id, room);
    }

    /// <summary>
    /// Sends an event to this client. Arguments are JSON-serializable values; <c>byte[]</c> and memory of bytes
    /// travel as binary, also inside objects. Returns false when the socket is disconnected.
    /// </summary>
    /// <param name="eventName">The event name; the names socket.io reserves are refused.</param>
    /// <param name="arguments">The arguments.</param>
    /// <exception cref="ArgumentException"><paramref name="eventName"/> is reserved.</exception>
    public bool Emit(string eventName, params object?[] arguments) => new SocketEmitter(this, default).Emit(eventName, arguments);

    /// <summary>
    /// Sends an event and waits for the client's acknowledgement. Without <see cref="Timeout"/> the wait lasts until
    /// the acknowledgement, <paramref name="cancellationToken"/>, or the socket's disconnection
    /// (<see cref="OperationCanceledException"/>).
    /// </summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The arguments the client acknowledged with.</returns>
    /// <exception cref="SocketIoLimitExceededException">
    /// The socket already waits for <see cref="SocketIoServerOptions.MaxPendingAcksPerSocket"/> acknowledgements; the
    /// task fails at once and nothing is sent.
    /// </exception>
    public Task<SocketIoArguments> EmitWithAckAsync(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default) =>
        new SocketEmitter(this, default).EmitWithAckAsync(eventName, arguments, cancellationToken);

    /// <summary>Sends an event and returns the first argument of the client's acknowledgement as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type to bind the answer to.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<T?> EmitWithAckAsync<T>(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default) =>
        new SocketEmitter(this, default).EmitWithAckAsync<T>(eventName, arguments, cancellationToken);

    /// <summary>
    /// Adds a listener for <paramref name="eventName"/>. Parameters bind by type (<see cref="Socket"/>,
    /// <see cref="SocketIoArguments"/>, <see cref="SocketIoAck"/>, <see cref="CancellationToken"/> = disconnection)
    /// and otherwise from the event's arguments in order; a returned value is sent as the acknowledgement.
    /// <c>"disconnecting"</c> and <c>"disconnect"</c> get the reason string; <c>"error"</c> gets the server's own
    /// errors (an <see cref="Exception"/>), never a client's event of that name.
    /// </summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="listener">The listener.</param>
    /// <returns>Disposing it removes the listener.</returns>
    public IDisposable On(string eventName, Delegate listener) => _listeners.Add(eventName, listener);

    /// <summary>Removes <paramref name="listener"/> from <paramref name="eventName"/>, or every listener of it when null.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="listener">The listener given to <see cref="On"/>.</param>
    public void Off(string eventName, Delegate? listener = null) => _listeners.Remove(eventName, listener);

    /// <summary>Adds a listener called for every incoming event, before the event's own listeners.</summary>
    /// <param name="listener">Gets the event name and arguments.</param>
    public void OnAny(Action<string, SocketIoArguments> listener) => AddHook(ref Hooks.Any, listener, prepend: false);

    /// <summary>Like <see cref="OnAny"/>, but first in line.</summary>
    /// <param name="listener">Gets the event name and arguments.</param>
    public void PrependAny(Action<string, SocketIoArguments> listener) => AddHook(ref Hooks.Any, listener, prepend: true);

    /// <summary>Removes a catch-all listener, or all of them when null.</summary>
    /// <param name="listener">The listener to remove.</param>
    public void OffAny(Action<string, SocketIoArguments>? listener = null) => RemoveHook(ref Hooks.Any, listener);

    /// <summary>Adds a listener called for every event sent to this client (emits and broadcasts).</summary>
    /// <param name="listener">Gets the event name and arguments.</param>
    public void OnAnyOutgoing(Action<string, SocketIoArguments> listener) => AddHook(ref Hooks.AnyOutgoing, listener, prepend: false);

    /// <summary>Like <see cref="OnAnyOutgoing"/>, but first in line.</summary>
    /// <param name="listener">Gets the event name and arguments.</param>
    public void PrependAnyOutgoing(Action<string, SocketIoArguments> listener) => AddHook(ref Hooks.AnyOutgoing, listener, prepend: true);

    /// <summary>Removes an outgoing catch-all listener, or all of them when null.</summary>
    /// <param name="listener">The listener to remove.</param>
    public void OffAnyOutgoing(Action<string, SocketIoArguments>? listener = null) => RemoveHook(ref Hooks.AnyOutgoing, listener);

    /// <summary>
    /// Adds a middleware run for every incoming event, in order, before its listeners (socket.io's
    /// <c>socket.use</c>). Not calling <c>next</c> drops the event; an exception drops it and is raised as the
    /// socket's <c>"error"</c> event.
    /// </summary>
    /// <param name="middleware">Gets the event and the next step.</param>
    /// <example>
    /// Per-event authorization with ASP.NET Core policies:
    /// <code>
    /// var authorization = app.Services.GetRequiredService&lt;IAuthorizationService&gt;();
    /// io.OnConnection(socket => socket.Use(async (e, next) =>
    /// {
    ///     if (e.EventName == "delete" &amp;&amp; !(await authorization.AuthorizeAsync(socket.User, "moderators")).Succeeded)
    ///     {
    ///         e.Ack.Send(new { error = "forbidden" }); // dropped: the event's listeners never run
    ///         return;
    ///     }
    ///
    ///     await next();
    /// }));
    /// </code>
    /// </example>
    public void Use(Func<SocketIoEventContext, Func<ValueTask>, ValueTask> middleware) => AddHook(ref Hooks.Middlewares, middleware, prepend: false);

    /// <summary>
    /// Leaves the namespace: the client gets a DISCONNECT. With <paramref name="close"/>, the whole connection is
    /// closed, and every namespace of this client with it.
    /// </summary>
    /// <param name="close">Whether to close the underlying connection.</param>
    public void Disconnect(bool close = false)
    {
        if (!Connected)
        {
            return;
        }

        if (close)
        {
            _client.DisconnectAll();
            return;
        }

        SendPacket(SocketIoPacketType.Disconnect, null, SocketIoPayload.None, isVolatile: false);
        OnClose(DisconnectReason.ServerNamespaceDisconnect);
    }

    void ILocalSocket.Deliver(BroadcastPacket packet, ReadOnlySpan<EngineMessage> encoded, bool isVolatile)
    {
        if (!Connected)
        {
            return;
        }

        NotifyOutgoing(packet.EventName, packet.Arguments);
        _client.Send(encoded, isVolatile);
    }

    SocketDescription ILocalSocket.Describe() =>
        new(Id, Handshake, Rooms, SnapshotData());

    /// <summary>Sends the CONNECT reply (after the missed packets), joins the own room, and becomes connected.</summary>
    internal void OnConnect(RecoveredSession? recovered)
    {
        Namespace.Adapter.AddAll(Id, [Id]);
        if (recovered is not null)
        {
            Namespace.Adapter.AddAll(Id, recovered.Session.Rooms);
            foreach (var missed in recovered.MissedPackets)
            {
                try
                {
                    SendPacket(SocketIoPacketType.Event, null, SocketIoPayload.FromEvent(missed.EventName, missed.ArgumentMemory), isVolatile: false);
                }
                catch (JsonException ex)
                {
                    // Its emit threw too (nested past MaxJsonDepth) but it was kept for recovery before encoding.
                    SocketIoLog.ReplayFailed(Logger, Namespace.Name, Id, missed.EventName, ex);
                }
            }
        }

        System.Threading.Volatile.Write(ref _state, 1);
        var payload = PrivateId is null ? new ConnectReply(Id, null) : new ConnectReply(Id, PrivateId);
        SendPacket(SocketIoPacketType.Connect, null, SocketIoPayload.FromValue(payload), isVolatile: false);
        StartExpiry();
    }

    /// <summary>Handles a packet the client sent to this namespace.</summary>
    internal void OnPacket(SocketIoPacket packet)
    {
        switch (packet.Type)
        {
            case SocketIoPacketType.Event:
            case SocketIoPacketType.BinaryEvent:
                OnEvent(packet);
                break;
            case SocketIoPacketType.Ack:
            case SocketIoPacketType.BinaryAck:
                if (packet.AckId is { } id && !packet.Payload.IsEmpty && System.Threading.Volatile.Read(ref _acks) is { } acks)
                {
                    acks.Complete(id, SocketIoArguments.FromPacket(packet, 0, Namespace.Server.Options.SerializerOptions));
                }

                break;
            case SocketIoPacketType.Disconnect:
                OnClose(DisconnectReason.ClientNamespaceDisconnect);
                break;
        }
    }

    /// <summary>
    /// Leaves the namespace for <paramref name="reason"/>: <c>disconnecting</c> (rooms still readable), session kept
    /// for recovery when the reason allows, rooms left, <c>disconnect</c>.
    /// </summary>
    internal void OnClose(string reason)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1)
        {
            return;
        }

        EmitReserved("disconnecting", reason);
        if (PrivateId is not null && DisconnectReason.IsRecoverable(reason))
        {
            var session = new PersistedSession(Id, PrivateId, Rooms, SnapshotData())
            {
                UserKey = SocketUserKey.Of(User),
            };
            Observe(Namespace.Adapter.PersistSessionAsync(session).AsTask(), "persisting a session");
        }

        StopExpiry();
        Namespace.Adapter.DelAll(Id);
        Namespace.Remove(this);
        _client.Remove(this);
        Interlocked.Exchange(ref _acks, AckRegistry.Closed)?.Close();
        if (CountedUserKey is { } user)
        {
            Namespace.Server.UserConnections?.Release(user);
        }

        Interlocked.Exchange(ref _disconnected, CancelledSource)?.Cancel();
        EmitReserved("disconnect", reason);
    }

    /// <summary>The decoder or the client broke: tell the <c>"error"</c> listeners.</summary>
    internal void OnError(Exception error) => EmitReserved(ErrorEvent, error);

    internal bool SendPacket(SocketIoPacketType type, long? ackId, in SocketIoPayload payload, bool isVolatile)
    {
        var buffer = WireTextBuffer.Rent();
        try
        {
            var attachments = Namespace.Server.Parser.EncodeTo(buffer.Writer, type, Namespace.Name, ackId, payload);

            // The engine queues messages that own their bytes: one exact copy of the text, no message array for a
            // packet without binary.
            var text = EngineMessage.FromWireText(buffer.Writer.WrittenSpan.ToArray());
            if (attachments.Length == 0)
            {
                return _client.Send(new ReadOnlySpan<EngineMessage>(in text), isVolatile);
            }

            var messages = new EngineMessage[1 + attachments.Length];
            messages[0] = text;
            for (var i = 0; i < attachments.Length; i++)
            {
                messages[i + 1] = EngineMessage.FromOwnedBinary(attachments[i]);
            }

            return _client.Send(messages, isVolatile);
        }
        finally
        {
            buffer.Return();
        }
    }

    internal void NotifyOutgoing(string eventName, IReadOnlyList<object?> arguments)
    {
        if (System.Threading.Volatile.Read(ref _hooks) is not { } hooks)
        {
            return;
        }

        var listeners = System.Threading.Volatile.Read(ref hooks.AnyOutgoing);
        if (listeners.Length == 0)
        {
            return;
        }

        var args = new SocketIoArguments(arguments as object?[] ?? [.. arguments], Namespace.Server.Options.SerializerOptions);
        foreach (var listener in listeners)
        {
            try
            {
                listener(eventName, args);
            }
            catch (Exception ex)
            {
                SocketIoLog.ListenerFailed(Logger, Namespace.Name, Id, eventName, ex);
            }
        }
    }

    private SocketHooks Hooks
    {
        get
        {
            if (System.Threading.Volatile.Read(ref _hooks) is { } hooks)
            {
                return hooks;
            }

            var created = new SocketHooks();
            return Interlocked.CompareExchange(ref _hooks, created, null) ?? created;
        }
    }

    internal AckRegistry Acks => System.Threading.Volatile.Read(ref _acks) ?? CreateAcks();

    internal static void ThrowIfReserved(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (Array.IndexOf(ReservedEvents, eventName) >= 0)
        {
            throw new ArgumentException($"\"{eventName}\" is a reserved event name", nameof(eventName));
        }
    }

    private void OnEvent(SocketIoPacket packet)
    {
        // The decoder validated the payload: an EVENT that has one starts with its name.
        if (!packet.HasEventName)
        {
            return;
        }

        var eventName = _listeners.EventNameOf(packet);
        var hooks = System.Threading.Volatile.Read(ref _hooks);
        var anyListeners = hooks is null ? [] : System.Threading.Volatile.Read(ref hooks.Any);
        var middlewares = hooks is null ? [] : System.Threading.Volatile.Read(ref hooks.Middlewares);
        if (anyListeners.Length == 0 && middlewares.Length == 0 && !_listeners.Has(eventName))
        {
            // Nobody would see the arguments: do not build them.
            return;
        }

        var arguments = SocketIoArguments.FromPacket(packet, 1, Namespace.Server.Options.SerializerOptions);
        var ack = packet.AckId is { } ackId ? new SocketIoAck(args => SendAck(ackId, args)) : SocketIoAck.None;

        foreach (var listener in anyListeners)
        {
            try
            {
                listener(eventName, arguments);
            }
            catch (Exception ex)
            {
                SocketIoLog.ListenerFailed(Logger, Namespace.Name, Id, eventName, ex);
            }
        }

        var context = new SocketIoEventContext(this, eventName, arguments, ack);
        if (middlewares.Length == 0)
        {
            Dispatch(context);
            return;
        }

        Observe(RunMiddlewaresAsync(middlewares, context).AsTask(), "running event middleware");
    }

    private async ValueTask RunMiddlewaresAsync(Func<SocketIoEventContext, Func<ValueTask>, ValueTask>[] middlewares, SocketIoEventContext context)
    {
        var index = 0;
        var reachedEnd = false;
        ValueTask Next()
        {
            if (index < middlewares.Length)
            {
                return middlewares[index++](context, Next);
            }

            reachedEnd = true;
            return ValueTask.CompletedTask;
        }

        try
        {
            await Next().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            OnError(ex);
            return;
        }

        if (reachedEnd && Connected)
        {
            Dispatch(context);
        }
    }

    private void Dispatch(SocketIoEventContext context)
    {
        // "error" listeners hear the server's own errors (OnError); a client's event of that name must not pose as
        // one (CVE-2024-38355 shape). Catch-all listeners and middlewares still see it.
        if (context.EventName == ErrorEvent)
        {
            return;
        }

        EventInvocation? invocation = null;
        foreach (var listener in _listeners.Get(context.EventName))
        {
            invocation ??= new EventInvocation(this, context.EventName, context.Arguments, context.Ack, cancelledByDisconnection: true);
            Invoke(listener, invocation);
        }
    }

    private void EmitReserved(string eventName, object? argument)
    {
        EventInvocation? invocation = null;
        foreach (var listener in _listeners.Get(eventName))
        {
            invocation ??= new EventInvocation(this, eventName, new SocketIoArguments([argument], Namespace.Server.Options.SerializerOptions), SocketIoAck.None, cancelledByDisconnection: false);
            Invoke(listener, invocation);
        }
    }

    private void Invoke(in EventListener listener, EventInvocation invocation)
    {
        // Listeners are started in order and not awaited here, as socket.io runs them: a listener that awaits the
        // client (an acknowledgement) must not hold up the packets that bring the answer.
        ValueTask pending;
        try
        {
            pending = listener.Invoke(invocation);
        }
        catch (Exception ex)
        {
            SocketIoLog.ListenerFailed(Logger, Namespace.Name, Id, invocation.EventName, ex);
            return;
        }

        if (!pending.IsCompletedSuccessfully)
        {
            Observe(pending.AsTask(), invocation.EventName);
        }
    }

    private bool SendAck(long ackId, object?[] arguments) =>
        Connected && SendPacket(SocketIoPacketType.Ack, ackId, SocketIoPayload.FromArguments(arguments), isVolatile: false);

    private void Observe(Task task, string what)
    {
        if (task.IsCompletedSuccessfully)
        {
            return;
        }

        _ = task.ContinueWith(
            static (t, state) =>
            {
                var (socket, what) = ((Socket, string))state!;
                if (t.Exception?.InnerException is { } ex and not OperationCanceledException)
                {
                    SocketIoLog.ListenerFailed(socket.Logger, socket.Namespace.Name, socket.Id, what, ex);
                }
            },
            (this, what),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static void AddHook<T>(ref T[] hooks, T hook, bool prepend)
        where T : Delegate
    {
        ArgumentNullException.ThrowIfNull(hook);
        CopyOnWrite.Update(ref hooks, static (current, added) => added.prepend ? [added.hook, .. current] : [.. current, added.hook], (hook, prepend));
    }

    private static void RemoveHook<T>(ref T[] hooks, T? hook)
        where T : Delegate =>
        CopyOnWrite.Update(ref hooks, static (current, removed) => removed is null ? [] : Array.FindAll(current, h => !h.Equals(removed)), hook);

    private AckRegistry CreateAcks()
    {
        var created = new AckRegistry(Namespace.Server.TimeProvider, Namespace.Server.Options.MaxPendingAcksPerSocket);
        return Interlocked.CompareExchange(ref _acks, created, null) ?? created;
    }

    private CancellationTokenSource CreateDisconnected()
    {
        var created = new CancellationTokenSource();
        if (Interlocked.CompareExchange(ref _disconnected, created, null) is { } current)
        {
            created.Dispose();
            return current;
        }

        return created;
    }

    private static CancellationTokenSource CreateCancelledSource()
    {
        var source = new CancellationTokenSource();
        source.Cancel();
        return source;
    }

    private sealed record ConnectReply(
        [property: System.Text.Json.Serialization.JsonPropertyName("sid")] string Sid,
        [property: System.Text.Json.Serialization.JsonPropertyName("pid"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Pid);
}
