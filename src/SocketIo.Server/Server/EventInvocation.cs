namespace SocketIo.Server;

/// <summary>One call of a listener: what its parameters are bound from.</summary>
internal sealed class EventInvocation(Socket? socket, string eventName, SocketIoArguments arguments, SocketIoAck ack, CancellationToken cancellationToken)
{
    public Socket? Socket { get; } = socket;

    public string EventName { get; } = eventName;

    public SocketIoArguments Arguments { get; } = arguments;

    public SocketIoAck Ack { get; } = ack;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public T? Argument<T>(int index) => Arguments.GetValue<T>(index);
}
