namespace SocketIo.Server;

/// <summary>
/// A client sent packets faster than <see cref="SocketIoServerOptions.InboundRateLimit"/> allows; raised as the
/// socket's <c>"error"</c> event when the limit's action is <see cref="RateLimitAction.Error"/>. The packet was dropped.
/// </summary>
public sealed class RateLimitExceededException : Exception
{
    private const string DefaultMessage = "rate limit exceeded";

    /// <summary>Creates the exception.</summary>
    public RateLimitExceededException()
        : base(DefaultMessage)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public RateLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RateLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
