namespace SocketIo.Adapter.Redis.Resp;

/// <summary>Redis could not be reached, or the connection broke before Redis answered.</summary>
public sealed class RedisConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisConnectionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public RedisConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public RedisConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
