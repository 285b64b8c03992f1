namespace SocketIo.Server;

/// <summary>The reasons a socket disconnects, with socket.io's strings.</summary>
public static class DisconnectReason
{
    /// <summary>The connection was lost (polling request failed, WebSocket closed abruptly).</summary>
    public const string TransportError = "transport error";

    /// <summary>The client closed the connection.</summary>
    public const string TransportClose = "transport close";

    /// <summary>The connection was closed by the server side of the engine (a bad packet, a broken rule).</summary>
    public const string ForcedClose = "forced close";

    /// <summary>The client did not answer a ping in time.</summary>
    public const string PingTimeout = "ping timeout";

    /// <summary>The client sent something the engine could not decode.</summary>
    public const string ParseError = "parse error";

    /// <summary>The server is stopping.</summary>
    public const string ServerShuttingDown = "server shutting down";

    /// <summary>
    /// The client did not read what was sent to it fast enough: more than <c>EngineOptions.MaxBufferedBytes</c> waited
    /// for it. Not recoverable: replaying what it missed would overflow it again.
    /// </summary>
    public const string SlowConsumer = "slow consumer";

    /// <summary>The server closed the connection because the client broke the Socket.IO protocol.</summary>
    public const string ForcedServerClose = "forced server close";

    /// <summary>The server disconnected the socket (<c>socket.Disconnect()</c>).</summary>
    public const string ServerNamespaceDisconnect = "server namespace disconnect";

    /// <summary>The client left the namespace (<c>socket.disconnect()</c> on the client).</summary>
    public const string ClientNamespaceDisconnect = "client namespace disconnect";

    /// <summary>
    /// The client sent packets faster than <see cref="SocketIoServerOptions.InboundRateLimit"/> allows and the limit's
    /// action is <see cref="RateLimitAction.Disconnect"/>. Not recoverable.
    /// </summary>
    public const string RateLimitExceeded = "rate limit exceeded";

    internal static bool IsRecoverable(string reason) => reason is TransportError or TransportClose or ForcedClose
        or PingTimeout or ServerShuttingDown or ForcedServerClose;
}
