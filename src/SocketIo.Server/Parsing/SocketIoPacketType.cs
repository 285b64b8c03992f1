namespace SocketIo.Server.Parsing;

/// <summary>The Socket.IO v5 packet types, with their wire digits.</summary>
internal enum SocketIoPacketType
{
    /// <summary>Join a namespace (client) or accept the join (server).</summary>
    Connect = 0,

    /// <summary>Leave a namespace.</summary>
    Disconnect = 1,

    /// <summary>An event: <c>[name, ...args]</c>.</summary>
    Event = 2,

    /// <summary>The answer to an event that carried an ack id: <c>[...args]</c>.</summary>
    Ack = 3,

    /// <summary>The server refuses a namespace join.</summary>
    ConnectError = 4,

    /// <summary>An event followed by binary attachments.</summary>
    BinaryEvent = 5,

    /// <summary>An ack followed by binary attachments.</summary>
    BinaryAck = 6,
}
