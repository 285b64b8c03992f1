namespace SocketIo.Server.Engine;

/// <summary>Why an Engine.IO connection closed; each maps to the reason string of the reference server.</summary>
public enum EngineCloseReason
{
    /// <summary>The client closed the transport, or the connection dropped ("transport close").</summary>
    TransportClose,

    /// <summary>The transport failed or the client broke the transport rules ("transport error").</summary>
    TransportError,

    /// <summary>No pong arrived within the ping timeout ("ping timeout").</summary>
    PingTimeout,

    /// <summary>The client sent a packet that could not be decoded ("parse error").</summary>
    ParseError,

    /// <summary>The server closed the connection ("forced close").</summary>
    ForcedClose,

    /// <summary>The server is stopping ("server shutting down").</summary>
    ServerShuttingDown,

    /// <summary>
    /// The client did not read fast enough: a send found more than <see cref="EngineOptions.MaxBufferedBytes"/> still
    /// waiting for it ("slow consumer"). The server's own reason; the reference has no such bound.
    /// </summary>
    SlowConsumer,
}

/// <summary>Reason strings as the reference server reports them.</summary>
public static class EngineCloseReasonExtensions
{
    /// <summary>The reference server's reason string, e.g. <c>"ping timeout"</c>.</summary>
    /// <param name="reason">The close reason.</param>
    public static string ToReasonString(this EngineCloseReason reason) => reason switch
    {
        EngineCloseReason.TransportClose => "transport close",
        EngineCloseReason.TransportError => "transport error",
        EngineCloseReason.PingTimeout => "ping timeout",
        EngineCloseReason.ParseError => "parse error",
        EngineCloseReason.ForcedClose => "forced close",
        EngineCloseReason.ServerShuttingDown => "server shutting down",
        EngineCloseReason.SlowConsumer => "slow consumer",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}
