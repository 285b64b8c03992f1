namespace SocketIo.Server.Engine.Transports;

/// <summary>What a session needs of the transport carrying it.</summary>
internal abstract class EngineTransport
{
    public const string PollingName = "polling";
    public const string WebSocketName = "websocket";

    public abstract string Name { get; }

    /// <summary>Whether a packet queued now would go out without waiting for the client.</summary>
    public abstract bool IsWritable { get; }

    /// <summary>The session is closing: write what is queued, then the close, then tell the session it closed.</summary>
    public abstract void BeginGracefulClose();

    /// <summary>The session is gone (or this transport was replaced): stop at once.</summary>
    public abstract void Abort();

    /// <summary>
    /// The client stopped reading: drop the connection without a goodbye, since nothing more can be written to it,
    /// and end any write that is blocked on it.
    /// </summary>
    public virtual void AbortNow() => Abort();
}
