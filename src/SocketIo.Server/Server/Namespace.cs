using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using SocketIo.Server.Adapters;
using SocketIo.Server.Diagnostics;
using SocketIo.Server.Parsing;

namespace SocketIo.Server;

/// <summary>
/// A namespace (socket.io's <c>io.of(name)</c>): its sockets, connection middlewares and listeners, and the
/// operations addressing its sockets across the cluster. A namespace made from a pattern
/// (<see cref="SocketIoServer.Of(System.Text.RegularExpressions.Regex)"/>) is a parent: each name it accepts becomes a
/// child namespace that inherits its middlewares and listeners, and the parent's emits reach every child.
/// </summary>
/// <example>
/// <code>
/// var chat = io.Of("/chat");
/// chat.Use((socket, ct) => socket.Handshake.Auth.TryGetProperty("token", out var _)
///     ? ValueTask.CompletedTask
///     : throw new ConnectionRefusedException("not authorized"));
/// chat.OnConnection(socket => socket.Join("lobby"));
/// chat.To("lobby").Emit("news", "hello");
/// </code>
/// </example>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Socket.IO's own term; C# callers are unaffected.")]
public sealed partial class Namespace : ILocalSocketRegistry
{
    private readonly ConcurrentDictionary<string, Socket> _sockets = new(StringComparer.Ordinal);
    private readonly ListenerSet _serverSideListeners = new();
    private readonly Lock _lock = new();
    private readonly List<Namespace> _children = [];
    private readonly Namespace[] _selfTarget;
    private Func<Socket, CancellationToken, ValueTask>[] _middlewares = [];
    private Func<Socket, ValueTask>[] _connectionListeners = [];
    private long _nextAckId = -1;

    internal Namespace(SocketIoServer server, string name, Namespace? parent, Func<string, JsonElement, ValueTask<bool>>? matcher)
    {
        Server = server;
        Name = name;
        Parent = parent;
        Matcher = matcher;
        _selfTarget = [this];
        Adapter = server.AdapterFactory.Create(new AdapterContext(
            name, this, server.Parser, server.TimeProvider, server.LoggerFactory, server.Options.ConnectionStateRecovery, server.Options.SerializerOptions));
        if (parent is not null)
        {
            _middlewares = parent._middlewares;
            _connectionListeners = parent._connectionListeners;
            _serverSideListeners.CopyFrom(parent._serverSideListeners);
        }
    }

    /// <summary>The namespace name, e.g. <c>"/"</c> or <c>"/chat"</c>.</summary>
    public string Name { get; }

    /// <summary>The server the namespace belongs to.</summary>
    public SocketIoServer Server { get; }

    /// <summary>The sockets connected to this namespace on this node, by id.</summary>
    public IReadOnlyDictionary<string, Socket> Sockets => _sockets;

    /// <summary>The adapter that tracks rooms and carries broadcasts.</summary>
    public NamespaceAdapter Adapter { get; }

    /// <summary>Whether this namespace was made from a pattern and spawns children.</summary>
    public bool IsDynamicParent => Matcher is not null;

    /// <summary>The parent this namespace was created from, if it came from a pattern.</summary>
    public Namespace? Parent { get; }

    /// <summary>The namespaces created from this one's pattern.</summary>
    public IReadOnlyList<Namespace> Children
    {
        get
        {
            lock (_lock)
            {
                return [.. _children];
            }
        }
    }

    internal Func<string, JsonElement, ValueTask<bool>>? Matcher { get; }

    /// <summary>
    /// Adds a connection middleware, run in order before a socket joins (socket.io's <c>namespace.use</c>). Throw
    /// <see cref="ConnectionRefusedException"/> to refuse with a message (and data) for the client. Children
    /// created later inherit it.
    /// </summary>
    /// <param name="middleware">Gets the socket (with its handshake) and the connection's closing token.</param>
    public Namespace Use(Func<Socket, CancellationToken, ValueTask> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        lock (_lock)
        {
            _middlewares = [.. _middlewares, middleware];
        }

        return this;
    }

    /// <summary>
    /// Adds a listener for new sockets (socket.io's <c>connection</c> event). It runs right after the client got its
    /// CONNECT reply; add the socket's event listeners here.
    /// </summary>
    /// <param name="listener">Gets the new socket.</param>
    public Namespace OnConnection(Action<Socket> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return OnConnection(socket =>
        {
            listener(socket);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Adds an asynchronous listener for new sockets; the socket's packets are not held while it runs.</summary>
    /// <param name="listener">Gets the new socket.</param>
    public Namespace OnConnection(Func<Socket, ValueTask> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_lock)
        {
            _connectionListeners = [.. _connectionListeners, listener];
        }

        return this;
    }

    /// <summary>
    /// Adds a listener for events other nodes send with <see cref="ServerSideEmitAsync"/>, bound like
    /// <see cref="Socket.On"/>; a returned value (or <see cref="SocketIoAck"/>) answers an emit that waits.
    /// </summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="listener">The listener.</param>
    /// <returns>Disposing it removes the listener.</returns>
    public IDisposable On(string eventName, Delegate listener) => _serverSideListeners.Add(eventName, listener);

    /// <summary>Removes a server-side listener, or every listener of the event when null.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="listener">The listener given to <see cref="On"/>.</param>
    public void Off(string eventName, Delegate? listener = null) => _serverSideListeners.Remove(eventName, listener);

    bool ILocalSocketRegistry.TryGetSocket(string id, [NotNullWhen(true)] out ILocalSocket? socket)
    {
        var found = _sockets.TryGetValue(id, out var local);
        socket = local;
        return found;
    }

    void ILocalSocketRegistry.DispatchServerSideEmit(IReadOnlyList<object?> arguments, Action<object?>? onAck)
    {
        if (arguments.Count == 0 || arguments[0] is not { } name)
        {
            return;
        }

        var eventName = name as string ?? (name is JsonElement { ValueKind: JsonValueKind.String } e ? e.GetString()! : name.ToString()!);
        if (!_serverSideListeners.Has(eventName))
        {
            return;
        }

        var values = new object?[arguments.Count - 1];
        for (var i = 1; i < arguments.Count; i++)
        {
            values[i - 1] = arguments[i];
        }

        var ack = onAck is null ? SocketIoAck.None : new SocketIoAck(args =>
        {
            onAck(args.Length > 0 ? args[0] : null);
            return true;
        });
        var invocation = new EventInvocation(null, eventName, new SocketIoArguments(values, Server.Options.SerializerOptions), ack, cancelledByDisconnection: false);
        foreach (var listener in _serverSideListeners.Get(eventName))
        {
            try
            {
                var pending = listener.Invoke(invocation);
                if (!pending.IsCompletedSuccessfully)
                {
                    _ = pending.AsTask().ContinueWith(
                        t => SocketIoLog.ListenerFailed(Server.Logger, Name, "-", eventName, t.Exception!.InnerException!),
                        CancellationToken.None,
                        TaskContinuationOptions.OnlyOnFaulted,
                        TaskScheduler.Default);
                }
            }
            catch (Exception ex)
            {
                SocketIoLog.ListenerFailed(Server.Logger, Name, "-", eventName, ex);
            }
        }
    }

    long ILocalSocketRegistry.NextAckId() => NextAckId();

    internal long NextAckId() => Interlocked.Increment(ref _nextAckId);

    internal BroadcastOperator Operator() => new(this);

    internal IReadOnlyList<Namespace> BroadcastTargets()
    {
        if (!IsDynamicParent)
        {
            return _selfTarget;
        }

        lock (_lock)
        {
            return [.. _children];
        }
    }

    internal void AddChild(Namespace child)
    {
        lock (_lock)
        {
            _children.Add(child);
        }
    }

    internal void RemoveChild(Namespace child)
    {
        lock (_lock)
        {
            _children.Remove(child);
        }
    }

    /// <summary>
    /// A client asks to join: authenticate and authorize it, recover or create its socket, run the middlewares,
    /// connect it. Authentication and authorization run before recovery, so an unauthenticated client cannot even
    /// consume a recovery id, and every time, so a recovered session never skips them.
    /// </summary>
    internal async ValueTask AddAsync(ClientConnection client, JsonElement? auth)
    {
        var connection = client.Connection;
        var handshake = SocketIoServer.CreateHandshake(connection, auth);
        AdmissionOutcome admission;
        try
        {
            admission = await Server.Admission.AdmitAsync(this, handshake, connection.Id, connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.ConnectionClosed.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            Diagnostics.AuthLog.AuthorizationThrew(Server.Logger, Name, ex);
            SendConnectError(client, "Internal server error", null);
            return;
        }

        if (admission.Refusal is { } refusal)
        {
            SendConnectError(client, refusal, null);
            return;
        }

        var recovery = Server.Options.ConnectionStateRecovery;
        RecoveredSession? recovered = null;
        if (recovery is not null && auth is { ValueKind: JsonValueKind.Object } payload
            && payload.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.String && !JsonStringEscapes.HasLoneSurrogate(pid)
            && payload.TryGetProperty("offset", out var offset) && offset.ValueKind == JsonValueKind.String && !JsonStringEscapes.HasLoneSurrogate(offset))
        {
            recovered = await Adapter.RestoreSessionAsync(pid.GetString()!, offset.GetString()!, connection.ConnectionClosed).ConfigureAwait(false);
            if (recovered is not null && recovered.Session.UserKey != SocketUserKey.Of(admission.User))
            {
                // A recovery id is a bearer secret of one user's session: anyone else starts afresh.
                Diagnostics.AuthLog.RecoveryUserMismatch(Server.Logger, Name, connection.Id);
                recovered = null;
            }
        }

        var socket = new Socket(this, client, handshake, recovered?.Session)
        {
            User = admission.User!,
            AuthenticationExpiresAt = admission.ExpiresAt,
        };
        if (recovered is null || !recovery!.SkipMiddlewares)
        {
            foreach (var middleware in System.Threading.Volatile.Read(ref _middlewares))
            {
                try
                {
                    await middleware(socket, connection.ConnectionClosed).ConfigureAwait(false);
                }
                catch (ConnectionRefusedException refused)
                {
                    SendConnectError(client, refused.Message, refused.ErrorData);
                    return;
                }
                catch (OperationCanceledException) when (connection.ConnectionClosed.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // Unexpected failures are logged, not shown: their messages may hold what a client must not see.
                    SocketIoLog.MiddlewareFailed(Server.Logger, Name, ex);
                    SendConnectError(client, "Internal server error", null);
                    return;
                }
            }
        }

        if (connection.ConnectionClosed.IsCancellationRequested)
        {
            return;
        }

        if (!TryCountUser(socket))
        {
            LimitLog.TooManyConnectionsForUser(Server.Logger, Name, connection.Id);
            SendConnectError(client, "Too many connections", null);
            return;
        }

        if (!client.Attach(socket))
        {
            ReleaseUser(socket);
            return;
        }

        _sockets[socket.Id] = socket;
        socket.OnConnect(recovered);
        if (client.CloseReason is { } closed)
        {
            // The connection closed while the socket was being attached, too early for it to be closed with the rest.
            socket.OnClose(closed);
            return;
        }

        foreach (var listener in System.Threading.Volatile.Read(ref _connectionListeners))
        {
            try
            {
                var pending = listener(socket);
                if (!pending.IsCompletedSuccessfully)
                {
                    _ = pending.AsTask().ContinueWith(
                        t => SocketIoLog.ListenerFailed(Server.Logger, Name, socket.Id, "connection", t.Exception!.InnerException!),
                        CancellationToken.None,
                        TaskContinuationOptions.OnlyOnFaulted,
                        TaskScheduler.Default);
                }
            }
            catch (Exception ex)
            {
                SocketIoLog.ListenerFailed(Server.Logger, Name, socket.Id, "connection", ex);
            }
        }
    }

    internal void Remove(Socket socket)
    {
        if (!_sockets.TryRemove(new KeyValuePair<string, Socket>(socket.Id, socket)))
        {
            return;
        }

        if (Parent is not null && Server.Options.CleanupEmptyChildNamespaces && _sockets.IsEmpty)
        {
            Server.RemoveChild(this);
        }
    }

    /// <summary>Counts the socket against its user's <see cref="SocketIoServerOptions.MaxConnectionsPerUser"/>; false when at it.</summary>
    private bool TryCountUser(Socket socket)
    {
        if (Server.UserConnections is not { } counter || SocketUserKey.Of(socket.User) is not { } user)
        {
            return true;
        }

        if (!counter.TryAcquire(user))
        {
            return false;
        }

        socket.CountedUserKey = user;
        return true;
    }

    private void ReleaseUser(Socket socket)
    {
        if (socket.CountedUserKey is { } user)
        {
            socket.CountedUserKey = null;
            Server.UserConnections?.Release(user);
        }
    }

    private void SendConnectError(ClientConnection client, string message, object? data)
    {
        var error = new Dictionary<string, object?>(2, StringComparer.Ordinal) { ["message"] = message };
        if (data is not null)
        {
            error["data"] = data;
        }

        client.Connection.Send(Server.Parser.Encode(SocketIoPacketType.ConnectError, Name, null, SocketIoPayload.FromValue(error)));
    }
}
