namespace SocketIo.Server.Adapters.Cluster;

/// <summary>
/// The kinds of message cluster nodes exchange, numbered as socket.io's <c>ClusterAdapter</c> numbers them so a wire
/// codec maps them one to one.
/// </summary>
public enum ClusterMessageType
{
    /// <summary>A node announces itself (heartbeat-based transports only; <see cref="ClusterAdapter"/> ignores it).</summary>
    InitialHeartbeat = 1,

    /// <summary>A node is alive (heartbeat-based transports only; <see cref="ClusterAdapter"/> ignores it).</summary>
    Heartbeat = 2,

    /// <summary>An event for the addressed sockets; <see cref="BroadcastData"/>.</summary>
    Broadcast = 3,

    /// <summary>The addressed sockets join rooms; <see cref="SocketsRoomsData"/>.</summary>
    SocketsJoin = 4,

    /// <summary>The addressed sockets leave rooms; <see cref="SocketsRoomsData"/>.</summary>
    SocketsLeave = 5,

    /// <summary>The addressed sockets are disconnected; <see cref="DisconnectSocketsData"/>.</summary>
    DisconnectSockets = 6,

    /// <summary>A request for the addressed sockets' descriptions; <see cref="FetchSocketsData"/>.</summary>
    FetchSockets = 7,

    /// <summary>The answer to <see cref="FetchSockets"/>; <see cref="FetchSocketsResponseData"/>.</summary>
    FetchSocketsResponse = 8,

    /// <summary>An event for the namespace's server-side listeners; <see cref="ServerSideEmitData"/>.</summary>
    ServerSideEmit = 9,

    /// <summary>A node's answer to a <see cref="ServerSideEmit"/> that asked for one; <see cref="ServerSideEmitResponseData"/>.</summary>
    ServerSideEmitResponse = 10,

    /// <summary>How many clients a node sent an acknowledged broadcast to; <see cref="BroadcastClientCountData"/>.</summary>
    BroadcastClientCount = 11,

    /// <summary>One client's acknowledgement of a broadcast; <see cref="BroadcastAckData"/>.</summary>
    BroadcastAck = 12,

    /// <summary>A node leaves (heartbeat-based transports only; <see cref="ClusterAdapter"/> ignores it).</summary>
    AdapterClose = 13,
}
