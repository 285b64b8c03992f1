namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>Bytes that are not a MessagePack value: truncated, an unknown format byte, or nested too deep.</summary>
public sealed class MessagePackFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public MessagePackFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public MessagePackFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MessagePackFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
