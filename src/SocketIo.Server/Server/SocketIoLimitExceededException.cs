namespace SocketIo.Server;

/// <summary>
/// An operation on a socket would pass one of its limits (<see cref="SocketIoServerOptions.MaxRoomsPerSocket"/>,
/// <see cref="SocketIoServerOptions.MaxPendingAcksPerSocket"/>); nothing was done.
/// </summary>
public sealed class SocketIoLimitExceededException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public SocketIoLimitExceededException()
        : base("A socket limit was exceeded.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SocketIoLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SocketIoLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception naming the limit and its value.</summary>
    /// <param name="limit">The option's name, e.g. <c>MaxRoomsPerSocket</c>.</param>
    /// <param name="value">Its value.</param>
    internal SocketIoLimitExceededException(string limit, int value)
        : base($"{limit} ({value}) reached.")
    {
        Limit = limit;
    }

    /// <summary>The name of the option whose limit was reached, when known.</summary>
    public string? Limit { get; }
}
