namespace SocketIo.Server.Adapters;

/// <summary>The modifiers of a broadcast, as socket.io's <c>flags</c>; they travel with it across a cluster.</summary>
public readonly record struct BroadcastFlags
{
    /// <summary>Drop the packet for a client that cannot take it at once (no poll waiting, WebSocket busy).</summary>
    public bool Volatile { get; init; }

    /// <summary>False to ask for the packet not to be compressed; null leaves the default (compressed).</summary>
    public bool? Compress { get; init; }

    /// <summary>Deliver on this node only; never published to other nodes.</summary>
    public bool Local { get; init; }

    /// <summary>How long to wait for acknowledgements; set on broadcasts that expect them.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The emit addresses one socket and its caller wants that one response, not a list.</summary>
    public bool ExpectSingleResponse { get; init; }
}
