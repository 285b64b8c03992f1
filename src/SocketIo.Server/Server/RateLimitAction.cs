namespace SocketIo.Server;

/// <summary>What the server does with a packet over <see cref="SocketIoServerOptions.InboundRateLimit"/>.</summary>
public enum RateLimitAction
{
    /// <summary>The packet is dropped without a word (logged at debug level).</summary>
    Drop,

    /// <summary>
    /// The packet is dropped and every socket of the connection raises its <c>"error"</c> event with a
    /// <see cref="RateLimitExceededException"/>, as socket.io reports a packet a <c>socket.use</c> middleware refused.
    /// </summary>
    Error,

    /// <summary>
    /// Every namespace of the connection gets a DISCONNECT (the client sees <c>"io server disconnect"</c> and does
    /// not reconnect by itself), then the connection closes; the sockets' reason is
    /// <see cref="DisconnectReason.RateLimitExceeded"/>.
    /// </summary>
    Disconnect,
}
