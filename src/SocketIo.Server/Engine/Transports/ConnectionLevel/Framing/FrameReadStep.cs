namespace SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

/// <summary>What one step of <see cref="FrameReader"/> came to.</summary>
internal enum FrameReadStep
{
    /// <summary>A receive result is ready (data, an empty frame, or the peer's close frame).</summary>
    Result,

    /// <summary>A ping was read whole; it wants a pong with the same payload.</summary>
    Ping,

    /// <summary>A pong was read whole and dropped.</summary>
    Pong,

    /// <summary>The buffer ends inside a header or a control frame, or holds none of the payload yet.</summary>
    NeedMore,

    /// <summary>
    /// A client frame without a mask: the connection is dropped without a close frame (RFC 6455 §5.1 asks the
    /// server to close; the runtime's WebSocket aborts, and so do we).
    /// </summary>
    Unmasked,

    /// <summary>The peer broke the framing rules: the connection fails with 1002.</summary>
    ProtocolError,

    /// <summary>A text message is not UTF-8: the connection fails with 1007.</summary>
    InvalidUtf8,
}
