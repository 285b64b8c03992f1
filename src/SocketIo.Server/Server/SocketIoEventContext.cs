namespace SocketIo.Server;

/// <summary>An incoming event as a socket middleware (<see cref="Socket.Use"/>) sees it.</summary>
public sealed class SocketIoEventContext
{
    internal SocketIoEventContext(Socket socket, string eventName, SocketIoArguments arguments, SocketIoAck ack)
    {
        Socket = socket;
        EventName = eventName;
        Arguments = arguments;
        Ack = ack;
    }

    /// <summary>The socket the event arrived on.</summary>
    public Socket Socket { get; }

    /// <summary>The event name.</summary>
    public string EventName { get; }

    /// <summary>The event's arguments.</summary>
    public SocketIoArguments Arguments { get; }

    /// <summary>The acknowledgement the client asked for, if any.</summary>
    public SocketIoAck Ack { get; }
}
