namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// The server sent bytes that are not valid RESP, or a frame beyond this client's limits. The stream cannot be
/// resynchronised, so the connection is closed.
/// </summary>
internal sealed class RespProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RespProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was wrong.</param>
    public RespProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RespProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
