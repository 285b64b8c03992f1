namespace SocketIo.Adapter.Redis.Resp;

/// <summary>A Redis pub/sub channel name and how it is used.</summary>
/// <param name="Name">The channel name, or the pattern for <see cref="RedisChannelKind.Pattern"/>; never prefixed.</param>
/// <param name="Kind">Classic channel, classic pattern, or sharded channel.</param>
internal readonly record struct RedisChannel(string Name, RedisChannelKind Kind);

/// <summary>Which Redis pub/sub space a <see cref="RedisChannel"/> lives in.</summary>
internal enum RedisChannelKind
{
    /// <summary>A classic channel, taken literally: PUBLISH / SUBSCRIBE / PUBSUB NUMSUB.</summary>
    Literal,

    /// <summary>A classic glob pattern: PSUBSCRIBE (receive only).</summary>
    Pattern,

    /// <summary>A sharded channel (Redis 7+): SPUBLISH / SSUBSCRIBE / PUBSUB SHARDNUMSUB.</summary>
    Sharded,
}
