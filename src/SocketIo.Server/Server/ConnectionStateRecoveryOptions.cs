namespace SocketIo.Server;

/// <summary>Settings of connection state recovery (socket.io 4.6+).</summary>
public sealed class ConnectionStateRecoveryOptions
{
    /// <summary>How long a dropped session (and the packets it may miss) is kept. Default 2 minutes.</summary>
    public TimeSpan MaxDisconnectionDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether a recovered socket skips the namespace middlewares. Default true.</summary>
    public bool SkipMiddlewares { get; set; } = true;

    /// <summary>
    /// The most packets kept for replay per namespace; older ones are dropped first, and a client whose last
    /// packet was dropped connects afresh. Default 10,000.
    /// </summary>
    public int MaxBufferedPackets { get; set; } = 10_000;

    /// <summary>The most dropped sessions kept per namespace; the oldest goes first. Default 10,000.</summary>
    public int MaxSessions { get; set; } = 10_000;
}
