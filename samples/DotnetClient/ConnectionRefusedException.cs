namespace DotnetClient;

/// <summary>The server refused the connection (a <c>connect_error</c>, e.g. "unauthorized").</summary>
internal sealed class ConnectionRefusedException : Exception
{
    public ConnectionRefusedException()
    {
    }

    public ConnectionRefusedException(string message)
        : base(message)
    {
    }

    public ConnectionRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
