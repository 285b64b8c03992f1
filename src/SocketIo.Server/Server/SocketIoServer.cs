using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIo.Server.Adapters;
using SocketIo.Server.Engine;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;

namespace SocketIo.Server;

/// <summary>
/// The Socket.IO server (socket.io's <c>io</c>): its namespaces, and the main namespace's operations. Registered as
/// a singleton by <c>AddSocketIo</c>; inject it to emit from controllers and background services, as SignalR's
/// <c>IHubContext</c>.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddSocketIo(o => o.ConnectTimeout = TimeSpan.FromSeconds(10));
/// var app = builder.Build();
/// app.MapSocketIo();
/// var io = app.Services.GetRequiredService&lt;SocketIoServer&gt;();
/// io.OnConnection(socket => socket.On("ping", () => "pong"));
///
/// // elsewhere, injected:
/// public sealed class Ticker(SocketIoServer io) : BackgroundService { ... io.To("ticks").Emit("tick", DateTime.UtcNow); }
/// </code>
/// </example>
public sealed class SocketIoServer : IAsyncDisposable
{
    private static readonly JsonElement EmptyAuth = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Namespace> _namespaces = new(StringComparer.Ordinal);
    private readonly List<Namespace> _parents = [];
    private int _parentCount;

    /// <summary>Creates the server; normally done by dependency injection.</summary>
    /// <param name="options">The Socket.IO options.</param>
    /// <param name="adapterFactory">Creates each namespace's adapter.</param>
    /// <param name="timeProvider">The clock for timeouts.</param>
    /// <param name="loggerFactory">Where logs go.</param>
    /// <param name="scopeFactory">
    /// Makes the scope each CONNECT resolves its <see cref="IHandshakeAuthenticator"/>s and authorization services
    /// from; without it no authenticator runs and <see cref="Namespace.RequireAuthorization"/> is unavailable.
    /// </param>
    public SocketIoServer(
        IOptions<SocketIoServerOptions> options,
        INamespaceAdapterFactory adapterFactory,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IServiceScopeFactory? scopeFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(adapterFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Options = options.Value;
        AdapterFactory = adapterFactory;
        TimeProvider = timeProvider;
        LoggerFactory = loggerFactory;
        Logger = loggerFactory.CreateLogger("SocketIo.Server");
        ScopeFactory = scopeFactory;
        Admission = new NamespaceAdmission(scopeFactory, Logger);
        Parser = new JsonSocketIoParser(new JsonSocketIoParserOptions
        {
            MaxAttachments = Options.MaxAttachments,
            MaxDepth = Options.MaxJsonDepth,
            SerializerOptions = Options.SerializerOptions,
        });
        ConnectionHandler = new SocketIoConnectionHandler(this);
        if (Options.MaxConnectionsPerUser is { } maxPerUser)
        {
            UserConnections = new ConnectionCounter<string>(maxPerUser, StringComparer.Ordinal);
        }

        Sockets = Of("/");
    }

    /// <summary>The main namespace, <c>"/"</c> (socket.io's <c>io.sockets</c>).</summary>
    public Namespace Sockets { get; }

    /// <summary>The options the server runs with.</summary>
    public SocketIoServerOptions Options { get; }

    /// <summary>Only this node's sockets of the main namespace.</summary>
    public BroadcastOperator Local => Sockets.Local;

    /// <summary>Volatile packets to the main namespace.</summary>
    public BroadcastOperator Volatile => Sockets.Volatile;

    internal IEngineConnectionHandler ConnectionHandler { get; }

    /// <summary>Connected sockets per user on this node, when <see cref="SocketIoServerOptions.MaxConnectionsPerUser"/> is set.</summary>
    internal ConnectionCounter<string>? UserConnections { get; }

    internal ISocketIoParser Parser { get; }

    internal INamespaceAdapterFactory AdapterFactory { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal ILogger Logger { get; }

    internal IServiceScopeFactory? ScopeFactory { get; }

    internal NamespaceAdmission Admission { get; }

    /// <summary>The namespace <paramref name="name"/>, created on first use (a leading <c>/</c> is added if missing).</summary>
    /// <param name="name">The namespace name.</param>
    public Namespace Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.StartsWith('/'))
        {
            name = "/" + name;
        }

        lock (_lock)
        {
            if (!_namespaces.TryGetValue(name, out var nsp))
            {
                nsp = new Namespace(this, name, parent: null, matcher: null);
                _namespaces.Add(name, nsp);
            }

            return nsp;
        }
    }

    /// <summary>
    /// A parent namespace for every name matching <paramref name="pattern"/>: a client joining such a name gets a
    /// child namespace that inherits the parent's middlewares and listeners.
    /// </summary>
    /// <param name="pattern">The pattern names are tested against (e.g. <c>^/dynamic-\d+$</c>).</param>
    public Namespace Of(Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return AddParent((name, _) => ValueTask.FromResult(pattern.IsMatch(name)));
    }

    /// <summary>
    /// A parent namespace for every name <paramref name="predicate"/> accepts, given the name and the client's
    /// <c>auth</c> payload.
    /// </summary>
    /// <param name="predicate">Decides whether a name is served.</param>
    public Namespace Of(Func<string, JsonElement, ValueTask<bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return AddParent(predicate);
    }

    /// <summary>Adds a connection middleware to the main namespace; see <see cref="Namespace.Use"/>.</summary>
    /// <param name="middleware">The middleware.</param>
    public SocketIoServer Use(Func<Socket, CancellationToken, ValueTask> middleware)
    {
        Sockets.Use(middleware);
        return this;
    }

    /// <summary>Adds a listener for new sockets of the main namespace.</summary>
    /// <param name="listener">Gets the new socket.</param>
    public SocketIoServer OnConnection(Action<Socket> listener)
    {
        Sockets.OnConnection(listener);
        return this;
    }

    /// <summary>Adds an asynchronous listener for new sockets of the main namespace.</summary>
    /// <param name="listener">Gets the new socket.</param>
    public SocketIoServer OnConnection(Func<Socket, ValueTask> listener)
    {
        Sockets.OnConnection(listener);
        return this;
    }

    /// <summary>Addresses the members of <paramref name="room"/> in the main namespace.</summary>
    /// <param name="room">The room.</param>
    public BroadcastOperator To(string room) => Sockets.To(room);

    /// <summary>Addresses the members of any of <paramref name="rooms"/> in the main namespace.</summary>
    /// <param name="rooms">The rooms.</param>
    public BroadcastOperator To(IEnumerable<string> rooms) => Sockets.To(rooms);

    /// <summary>Same as <see cref="To(string)"/>.</summary>
    /// <param name="room">The room.</param>
    public BroadcastOperator In(string room) => Sockets.In(room);

    /// <summary>Addresses every socket of the main namespace except the members of <paramref name="room"/>.</summary>
    /// <param name="room">The room to leave out.</param>
    public BroadcastOperator Except(string room) => Sockets.Except(room);

    /// <summary>Compression on or off for the packet.</summary>
    /// <param name="compress">False to ask for no compression.</param>
    public BroadcastOperator Compress(bool compress) => Sockets.Compress(compress);

    /// <summary>Bounds the wait for acknowledgements.</summary>
    /// <param name="timeout">How long to wait.</param>
    public BroadcastOperator Timeout(TimeSpan timeout) => Sockets.Timeout(timeout);

    /// <summary>Sends an event to every socket of the main namespace.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    public void Emit(string eventName, params object?[] arguments) => Sockets.Emit(eventName, arguments);

    /// <summary>Sends an event to every socket of the main namespace and completes once it is published.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task EmitAsync(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default) =>
        Sockets.EmitAsync(eventName, arguments, cancellationToken);

    /// <summary>Sends an event to every socket of the main namespace and collects their acknowledgements.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<IReadOnlyList<object?>> EmitWithAckAsync(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default) =>
        Sockets.EmitWithAckAsync(eventName, arguments, cancellationToken);

    /// <summary>Describes every socket of the main namespace, on every node.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(CancellationToken cancellationToken = default) =>
        Sockets.FetchSocketsAsync(cancellationToken);

    /// <summary>Makes every socket of the main namespace join <paramref name="room"/>.</summary>
    /// <param name="room">The room.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task SocketsJoinAsync(string room, CancellationToken cancellationToken = default) => Sockets.SocketsJoinAsync(room, cancellationToken);

    /// <summary>Makes every socket of the main namespace leave <paramref name="room"/>.</summary>
    /// <param name="room">The room.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task SocketsLeaveAsync(string room, CancellationToken cancellationToken = default) => Sockets.SocketsLeaveAsync(room, cancellationToken);

    /// <summary>Disconnects every socket of the main namespace.</summary>
    /// <param name="close">Whether to close the underlying connections.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task DisconnectSocketsAsync(bool close = false, CancellationToken cancellationToken = default) =>
        Sockets.DisconnectSocketsAsync(close, cancellationToken);

    /// <summary>Sends an event to the main namespace's server-side listeners on the other nodes.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task ServerSideEmitAsync(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default) =>
        Sockets.ServerSideEmitAsync(eventName, arguments, cancellationToken);

    /// <summary>Sends an event to the other nodes' server-side listeners and collects their answers.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="timeout">How long to wait; default 5 seconds.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<IReadOnlyList<object?>> ServerSideEmitWithAckAsync(
        string eventName,
        object?[]? arguments = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        Sockets.ServerSideEmitWithAckAsync(eventName, arguments, timeout, cancellationToken);

    /// <summary>Releases every namespace's adapter.</summary>
    public async ValueTask DisposeAsync()
    {
        Namespace[] namespaces;
        lock (_lock)
        {
            namespaces = [.. _namespaces.Values, .. _parents];
        }

        foreach (var nsp in namespaces)
        {
            await nsp.Adapter.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The namespace a CONNECT names: an existing one, or a new child of the first parent that accepts it.</summary>
    internal async ValueTask<Namespace?> ResolveNamespaceAsync(string name, JsonElement? auth, CancellationToken cancellationToken)
    {
        Namespace[] parents;
        lock (_lock)
        {
            if (_namespaces.TryGetValue(name, out var existing))
            {
                return existing;
            }

            parents = [.. _parents];
        }

        var authPayload = auth is { ValueKind: JsonValueKind.Object } payload ? payload : EmptyAuth;
        foreach (var parent in parents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool accepted;
            try
            {
                accepted = await parent.Matcher!(name, authPayload).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A predicate that fails refuses the name, as an error passed to socket.io's next() does.
                Diagnostics.SocketIoLog.MiddlewareFailed(Logger, name, ex);
                accepted = false;
            }

            if (!accepted)
            {
                continue;
            }

            lock (_lock)
            {
                if (!_namespaces.TryGetValue(name, out var child))
                {
                    child = new Namespace(this, name, parent, matcher: null);
                    _namespaces.Add(name, child);
                    parent.AddChild(child);
                }

                return child;
            }
        }

        return null;
    }

    internal void RemoveChild(Namespace child)
    {
        lock (_lock)
        {
            if (!_namespaces.TryGetValue(child.Name, out var current) || !ReferenceEquals(current, child) || child.Sockets.Count != 0)
            {
                return;
            }

            _namespaces.Remove(child.Name);
        }

        child.Parent?.RemoveChild(child);
        _ = child.Adapter.DisposeAsync().AsTask();
    }

    internal static SocketHandshake CreateHandshake(EngineConnection connection, JsonElement? auth)
    {
        return new SocketHandshake(connection.Handshake, auth);
    }

    private Namespace AddParent(Func<string, JsonElement, ValueTask<bool>> matcher)
    {
        var name = "/_" + Interlocked.Increment(ref _parentCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parent = new Namespace(this, name, parent: null, matcher);
        lock (_lock)
        {
            _parents.Add(parent);
        }

        return parent;
    }
}
