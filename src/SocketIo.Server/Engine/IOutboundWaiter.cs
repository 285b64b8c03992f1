namespace SocketIo.Server.Engine;

/// <summary>
/// What waits for a session's <see cref="OutboundQueue"/>: woken once, on the producer's thread after it left the
/// queue's lock, when a packet arrives or the queue is woken; it must not block there.
/// </summary>
internal interface IOutboundWaiter
{
    void Wake();
}
