namespace SocketIo.Server.Engine;

/// <summary>What <see cref="OutboundQueue.Enqueue(ReadOnlySpan{EngineMessage}, bool)"/> did with a unit of packets.</summary>
internal enum OutboundEnqueueResult
{
    /// <summary>Queued for the transport.</summary>
    Queued,

    /// <summary>A volatile unit that did not fit under the limit: dropped, nothing else happens.</summary>
    Dropped,

    /// <summary>The client stayed over the limit: the queue discarded its content and the session must close.</summary>
    Overflow,

    /// <summary>The queue was already discarded (the session is closing).</summary>
    Refused,
}
