using System.Text.Json;

namespace SocketIo.Server;

/// <summary>
/// Options of the Socket.IO layer, named after socket.io's server options. Engine.IO options (heartbeat, payload
/// size, transports) are <see cref="Engine.EngineOptions"/>.
/// </summary>
public sealed class SocketIoServerOptions
{
    /// <summary>
    /// How long a new connection may take to join a namespace before it is closed (socket.io's
    /// <c>connectTimeout</c>). Default 45 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Remove a namespace created from a dynamic pattern once its last socket has left (socket.io's
    /// <c>cleanupEmptyChildNamespaces</c>). Default false.
    /// </summary>
    public bool CleanupEmptyChildNamespaces { get; set; }

    /// <summary>
    /// Connection state recovery (socket.io's <c>connectionStateRecovery</c>): a client that drops and comes back
    /// in time gets its socket id, rooms and data back, and the events it missed. Null (the default) turns it off.
    /// </summary>
    public ConnectionStateRecoveryOptions? ConnectionStateRecovery { get; set; }

    /// <summary>
    /// The most binary attachments one packet may announce; a packet announcing more closes the connection, as
    /// socket.io-parser's <c>maxAttachments</c>. Default 10.
    /// </summary>
    public int MaxAttachments { get; set; } = 10;

    /// <summary>
    /// The deepest nesting of arrays and objects in a packet's payload, counting the payload's own array, in both
    /// directions. A client packet nested deeper closes the connection as a parse error; an emit, broadcast or
    /// acknowledgement nested deeper throws <see cref="JsonException"/> and sends nothing (the reference overflows its
    /// stack on a value nested some thousands deep). Default 64 (System.Text.Json's own default); at most 1,000.
    /// </summary>
    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>
    /// How event arguments are serialized and bound to handler parameters. Default: the web defaults of
    /// System.Text.Json (camelCase properties, case-insensitive binding).
    /// </summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The most sockets one user may have connected on this node, across namespaces. The user is the socket's
    /// <see cref="Socket.User"/>: its NameIdentifier claim, else <c>sub</c>, else its name; unauthenticated sockets
    /// are not counted. A CONNECT past it gets CONNECT_ERROR <c>{"message":"Too many connections"}</c>. The count is
    /// per node: a cluster-wide cap needs a shared counter. Null means no limit. Default 100.
    /// </summary>
    public int? MaxConnectionsPerUser { get; set; } = 100;

    /// <summary>
    /// The rate at which one connection may send Socket.IO packets (a token bucket; every packet counts, CONNECT
    /// included, a binary packet once). Null turns it off. Default 200 packets per second with bursts of 1,000,
    /// disconnecting a client that goes faster: far above what an application sends, far below a flood.
    /// </summary>
    public SocketRateLimitOptions? InboundRateLimit { get; set; } = new();

    /// <summary>
    /// The most rooms a socket may be in, its own id room not counted. <see cref="Socket.Join(string)"/> past it
    /// throws <see cref="SocketIoLimitExceededException"/> and joins nothing; a join asked for by
    /// <c>SocketsJoinAsync</c> (possibly from another node) skips that socket. Null means no limit. Default 1,000.
    /// </summary>
    public int? MaxRoomsPerSocket { get; set; } = 1_000;

    /// <summary>
    /// The most acknowledgements the server may wait for from one socket at a time. An
    /// <see cref="Socket.EmitWithAckAsync(string, object?[], CancellationToken)"/> past it fails at once with
    /// <see cref="SocketIoLimitExceededException"/>, without sending; a broadcast with acknowledgements skips that
    /// socket. Null means no limit. Default 1,000.
    /// </summary>
    public int? MaxPendingAcksPerSocket { get; set; } = 1_000;
}
