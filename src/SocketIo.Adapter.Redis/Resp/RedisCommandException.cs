namespace SocketIo.Adapter.Redis.Resp;

/// <summary>Redis answered a command with an error reply (e.g. <c>ERR</c>, <c>NOPERM</c>, <c>WRONGPASS</c>); the connection stays usable.</summary>
internal sealed class RedisCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisCommandException()
    {
    }

    /// <summary>Creates the exception with Redis' error text.</summary>
    /// <param name="message">The error reply, e.g. <c>ERR unknown command 'FOO'</c>.</param>
    public RedisCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public RedisCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
