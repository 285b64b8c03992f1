namespace SocketIo.Server;

/// <summary>
/// Not every acknowledgement arrived in time (socket.io's <c>"operation has timed out"</c>);
/// <see cref="Responses"/> holds those that did.
/// </summary>
public sealed class AckTimeoutException : TimeoutException
{
    private const string DefaultMessage = "operation has timed out";

    /// <summary>Creates the exception.</summary>
    public AckTimeoutException()
        : this(DefaultMessage)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public AckTimeoutException(string message)
        : base(message)
    {
        Responses = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AckTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
        Responses = [];
    }

    /// <summary>Creates the exception with the responses received before the deadline.</summary>
    /// <param name="responses">The first argument of each acknowledgement that arrived.</param>
    public AckTimeoutException(IReadOnlyList<object?> responses)
        : base(DefaultMessage)
    {
        Responses = responses;
    }

    /// <summary>Creates the exception with its message and the responses received before the deadline.</summary>
    /// <param name="message">The message, e.g. socket.io's <c>"timeout reached: only 1 responses received out of 2"</c>.</param>
    /// <param name="responses">The first argument of each acknowledgement that arrived.</param>
    public AckTimeoutException(string message, IReadOnlyList<object?> responses)
        : base(message)
    {
        Responses = responses;
    }

    /// <summary>The first argument of each acknowledgement that arrived before the deadline.</summary>
    public IReadOnlyList<object?> Responses { get; }
}
