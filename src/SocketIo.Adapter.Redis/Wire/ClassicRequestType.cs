namespace SocketIo.Adapter.Redis.Wire;

/// <summary>The <c>type</c> numbers of the classic protocol's requests and answers (<c>RequestType</c> in Node).</summary>
internal enum ClassicRequestType
{
    /// <summary>Legacy: the ids of the sockets in some rooms (not sent by 8.x).</summary>
    Sockets = 0,

    /// <summary>Every room of every node.</summary>
    AllRooms = 1,

    /// <summary>Addressed sockets join rooms (or, legacy, one socket joins one room).</summary>
    RemoteJoin = 2,

    /// <summary>Addressed sockets leave rooms (or, legacy, one socket leaves one room).</summary>
    RemoteLeave = 3,

    /// <summary>Addressed sockets are disconnected (or, legacy, one socket).</summary>
    RemoteDisconnect = 4,

    /// <summary>Descriptions of the addressed sockets.</summary>
    RemoteFetch = 5,

    /// <summary>An event for the server-side listeners (and, with a request id, their answer).</summary>
    ServerSideEmit = 6,

    /// <summary>A broadcast that collects acknowledgements.</summary>
    Broadcast = 7,

    /// <summary>How many clients a node sent an acknowledged broadcast to.</summary>
    BroadcastClientCount = 8,

    /// <summary>One client's acknowledgement of a broadcast.</summary>
    BroadcastAck = 9,
}
