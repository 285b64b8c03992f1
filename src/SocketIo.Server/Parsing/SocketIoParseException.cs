namespace SocketIo.Server.Parsing;

/// <summary>
/// The only exception a packet decoder throws: the peer sent something the reference parser rejects, and the
/// connection must be closed. Messages reuse the reference's wording so logs read the same on both stacks.
/// </summary>
internal sealed class SocketIoParseException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public SocketIoParseException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong with the input.</param>
    public SocketIoParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that revealed the problem.</summary>
    /// <param name="message">What was wrong with the input.</param>
    /// <param name="innerException">The underlying error.</param>
    public SocketIoParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
