namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// What the adapters need from Redis: publishing, counting subscribers, and subscriptions that outlive reconnects.
/// One instance serves every namespace of a server. Kept behind this interface so another Redis client can replace
/// ours.
/// </summary>
/// <remarks>
/// The client connects in the background and reconnects by itself with back-off, subscribing again to every channel
/// it was subscribed to. While it is not connected, publishing and counting fail at once with
/// <see cref="RedisConnectionException"/> rather than waiting.
/// </remarks>
internal interface IRedisPubSubClient : IAsyncDisposable
{
    /// <summary>
    /// Raised with true when both connections are up (subscriptions made again), and with false when either broke.
    /// Raised in order, on a background thread; a handler must not block. Not raised after disposal.
    /// </summary>
    event Action<bool>? ConnectionChanged;

    /// <summary>Whether both the command and the subscriber connections are up.</summary>
    bool IsConnected { get; }

    /// <summary>Publishes a message: <c>PUBLISH</c>, or <c>SPUBLISH</c> for a <see cref="RedisChannelKind.Sharded"/> channel.</summary>
    /// <param name="channel">The channel (not a pattern).</param>
    /// <param name="message">The payload.</param>
    /// <param name="cancellationToken">Stops waiting for Redis' reply.</param>
    /// <returns>The number of subscribers that received it, as Redis counts them.</returns>
    /// <exception cref="RedisConnectionException">Not connected, or the connection broke before the reply.</exception>
    Task<long> PublishAsync(RedisChannel channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts a channel's subscribers: <c>PUBSUB NUMSUB</c>, or <c>PUBSUB SHARDNUMSUB</c> for a
    /// <see cref="RedisChannelKind.Sharded"/> channel.
    /// </summary>
    /// <param name="channel">The channel (not a pattern).</param>
    /// <param name="cancellationToken">Stops waiting for Redis' reply.</param>
    /// <exception cref="RedisConnectionException">Not connected, or the connection broke before the reply.</exception>
    Task<long> CountSubscribersAsync(RedisChannel channel, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes (<c>SUBSCRIBE</c>, <c>PSUBSCRIBE</c> or <c>SSUBSCRIBE</c> by the channel's kind) and keeps the
    /// subscription across reconnects until <see cref="UnsubscribeAsync"/>. Completes when Redis confirmed it, or at
    /// once while disconnected (the subscription is then made on reconnecting). A channel has one handler:
    /// subscribing again replaces it. Names are sent byte for byte as UTF-8, never prefixed, and only a
    /// <see cref="RedisChannelKind.Pattern"/> is a pattern.
    /// </summary>
    /// <param name="channel">The channel or pattern.</param>
    /// <param name="handler">
    /// Called for each message, one at a time and in the order Redis delivered them on this client, on the client's
    /// reading loop: it must not block. The payload is only valid during the call.
    /// </param>
    /// <param name="cancellationToken">Stops waiting for the confirmation (the subscription is still kept).</param>
    /// <exception cref="RedisCommandException">Redis refused it (e.g. an ACL forbids the channel); it is not kept.</exception>
    Task SubscribeAsync(RedisChannel channel, RedisMessageHandler handler, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends a subscription (<c>UNSUBSCRIBE</c>, <c>PUNSUBSCRIBE</c> or <c>SUNSUBSCRIBE</c>); from now on its handler is
    /// not called, even for messages already on their way.
    /// </summary>
    /// <param name="channel">The channel or pattern, as subscribed.</param>
    /// <param name="cancellationToken">Stops waiting for the confirmation.</param>
    Task UnsubscribeAsync(RedisChannel channel, CancellationToken cancellationToken = default);
}

/// <summary>Receives one message of a subscription.</summary>
/// <param name="channel">The channel it was published on (for a pattern subscription, the matching channel).</param>
/// <param name="payload">The message; only valid during the call.</param>
internal delegate void RedisMessageHandler(string channel, ReadOnlySpan<byte> payload);
