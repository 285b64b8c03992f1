namespace SocketIo.Adapter.Redis;

/// <summary>
/// How the Redis adapter connects and talks; the defaults are <c>@socket.io/redis-adapter</c>'s, so a .NET node joins
/// a cluster of Node nodes configured with theirs. Every node of a cluster must use the same <see cref="Mode"/>,
/// <see cref="Key"/> and (sharded) <see cref="SubscriptionMode"/>.
/// </summary>
public sealed class RedisAdapterOptions
{
    /// <summary>Where Redis is and how to log in.</summary>
    public RedisConnectionOptions Connection { get; set; } = new();

    /// <summary>Classic pub/sub (<c>createAdapter</c>, the default) or sharded pub/sub (<c>createShardedAdapter</c>, Redis 7+).</summary>
    public RedisAdapterMode Mode { get; set; } = RedisAdapterMode.Classic;

    /// <summary>
    /// The prefix of every channel: the classic adapter's <c>key</c>, the sharded adapter's <c>channelPrefix</c>.
    /// Default <c>"socket.io"</c>.
    /// </summary>
    public string Key { get; set; } = "socket.io";

    /// <summary>
    /// How long a request to the other nodes (fetch sockets, all rooms, server-side emit with acknowledgements) waits
    /// for their answers. Default 5 seconds, as <c>requestsTimeout</c>.
    /// </summary>
    public TimeSpan RequestsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Classic mode: answer on the requesting node's own response channel instead of the shared one (the
    /// <c>publishOnSpecificResponseChannel</c> option). Default false.
    /// </summary>
    public bool PublishOnSpecificResponseChannel { get; set; }

    /// <summary>
    /// The most bytes of received messages one namespace may hold waiting to be handled. When this node handles them
    /// slower than Redis delivers them, the messages past it are dropped and counted as
    /// <c>socketio.redis.dropped_messages</c> with reason <c>inbox full</c> (a dropped broadcast misses this node's
    /// clients; a dropped answer makes its request time out). Default 16,000,000 (Node's adapter has no bound).
    /// </summary>
    public long MaxInboxBytes { get; set; } = 16_000_000;

    /// <summary>Sharded mode: which rooms get a channel of their own. Default <see cref="RedisSubscriptionMode.Dynamic"/>.</summary>
    public RedisSubscriptionMode SubscriptionMode { get; set; } = RedisSubscriptionMode.Dynamic;
}

/// <summary>Which of <c>@socket.io/redis-adapter</c>'s two wire protocols the adapter speaks.</summary>
public enum RedisAdapterMode
{
    /// <summary>PUBLISH/PSUBSCRIBE with request and response channels (<c>createAdapter</c>).</summary>
    Classic,

    /// <summary>SPUBLISH/SSUBSCRIBE with socket.io's cluster messages (<c>createShardedAdapter</c>); needs Redis 7.</summary>
    Sharded,
}

/// <summary>The sharded adapter's <c>subscriptionMode</c>: which rooms get a channel of their own.</summary>
public enum RedisSubscriptionMode
{
    /// <summary>Only the namespace's main channel: every node receives every broadcast.</summary>
    Static,

    /// <summary>A channel per public room (not named after a socket id), subscribed while a local socket is in it.</summary>
    Dynamic,

    /// <summary>A channel per room, private rooms (socket ids) included.</summary>
    DynamicPrivate,
}
