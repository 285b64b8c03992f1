namespace DotnetClient;

/// <summary>The connection went away (or stopped answering) before a request was acknowledged.</summary>
internal sealed class ConnectionLostException : Exception
{
    public ConnectionLostException()
    {
    }

    public ConnectionLostException(string message)
        : base(message)
    {
    }

    public ConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
