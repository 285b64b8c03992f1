namespace SocketIo.Server;

/// <summary>
/// A token bucket on the packets one connection sends (<see cref="SocketIoServerOptions.InboundRateLimit"/>): it
/// holds up to <see cref="Burst"/> permits, refills at <see cref="PermitsPerSecond"/>, and each packet takes one.
/// </summary>
public sealed class SocketRateLimitOptions
{
    /// <summary>How many permits come back per second: the sustained packet rate. Default 200.</summary>
    public double PermitsPerSecond { get; set; } = 200;

    /// <summary>How many permits the bucket holds, and starts with: the largest burst. Default 1,000.</summary>
    public int Burst { get; set; } = 1_000;

    /// <summary>What happens to a packet that finds the bucket empty. Default <see cref="RateLimitAction.Disconnect"/>.</summary>
    public RateLimitAction Action { get; set; } = RateLimitAction.Disconnect;
}
