namespace SocketIo.Server;

/// <summary>
/// Thrown by a namespace middleware to refuse a connection: the client gets a <c>connect_error</c> whose
/// <c>message</c> is this exception's message and whose <c>data</c> is <see cref="ErrorData"/>, as with
/// <c>next(err)</c> in socket.io.
/// </summary>
/// <example>
/// <code>
/// io.Use((socket, ct) => socket.Handshake.Auth.TryGetProperty("token", out var _)
///     ? ValueTask.CompletedTask
///     : throw new ConnectionRefusedException("not authorized", new { code = 401 }));
/// </code>
/// </example>
public sealed class ConnectionRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConnectionRefusedException()
        : this("connection refused")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message the client sees.</param>
    public ConnectionRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message the client sees.</param>
    /// <param name="innerException">The cause, not sent to the client.</param>
    public ConnectionRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message the client sees.</param>
    /// <param name="data">Details the client sees as <c>err.data</c>; any JSON-serializable value.</param>
    public ConnectionRefusedException(string message, object? data)
        : base(message)
    {
        ErrorData = data;
    }

    /// <summary>Details the client sees as <c>err.data</c>.</summary>
    public object? ErrorData { get; }
}
