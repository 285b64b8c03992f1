namespace SocketIo.Server;

/// <summary>One call of a listener: what its parameters are bound from.</summary>
/// <param name="socket">The socket the event came to; null for a namespace's server-side event.</param>
/// <param name="eventName">The event name.</param>
/// <param name="arguments">The event's arguments.</param>
/// <param name="ack">The acknowledgement, if the sender asked for one.</param>
/// <param name="cancelledByDisconnection">
/// Whether a <see cref="System.Threading.CancellationToken"/> parameter gets the socket's disconnection; otherwise it
/// gets none.
/// </param>
internal sealed class EventInvocation(Socket? socket, string eventName, SocketIoArguments arguments, SocketIoAck ack, bool cancelledByDisconnection)
{
    public Socket? Socket { get; } = socket;

    public string EventName { get; } = eventName;

    public SocketIoArguments Arguments { get; } = arguments;

    public SocketIoAck Ack { get; } = ack;

    /// <summary>Read only for listeners that take a token: a socket makes its token source on first request.</summary>
    public CancellationToken CancellationToken => cancelledByDisconnection && Socket is { } s ? s.Disconnected : CancellationToken.None;

    public T? Argument<T>(int index) => Arguments.GetValue<T>(index);
}
