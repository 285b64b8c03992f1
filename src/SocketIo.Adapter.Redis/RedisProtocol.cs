namespace SocketIo.Adapter.Redis;

/// <summary>The version of the Redis serialization protocol a connection speaks.</summary>
public enum RedisProtocol
{
    /// <summary>RESP2, which every Redis server speaks; logs in with <c>AUTH</c>.</summary>
    Resp2 = 2,

    /// <summary>RESP3 (Redis 6+); logs in with <c>HELLO 3 AUTH</c>, pub/sub messages arrive as push frames.</summary>
    Resp3 = 3,
}
