namespace SocketIo.Server.Adapters.Cluster;

/// <summary>
/// What one node of a cluster tells the others about one namespace: socket.io's cluster envelope
/// <c>{type, data, uid, nsp}</c>. A transport carries it as it is; a wire codec maps <see cref="Type"/> and the fields
/// of <see cref="Data"/> one to one onto socket.io's.
/// </summary>
public sealed class ClusterMessage
{
    /// <summary>Creates a message, checking that <paramref name="data"/> is the content <paramref name="type"/> carries.</summary>
    /// <param name="type">The kind of message.</param>
    /// <param name="uid">The id of the sending node.</param>
    /// <param name="namespace">The namespace the message is about, e.g. <c>"/"</c>.</param>
    /// <param name="data">
    /// The content: <see cref="BroadcastData"/>, <see cref="SocketsRoomsData"/> (join and leave),
    /// <see cref="DisconnectSocketsData"/>, <see cref="FetchSocketsData"/>, <see cref="FetchSocketsResponseData"/>,
    /// <see cref="ServerSideEmitData"/>, <see cref="ServerSideEmitResponseData"/>, <see cref="BroadcastClientCountData"/>
    /// or <see cref="BroadcastAckData"/> as <paramref name="type"/> says; null for the heartbeat and close types.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="data"/> does not go with <paramref name="type"/>.</exception>
    public ClusterMessage(ClusterMessageType type, string uid, string @namespace, ClusterMessageData? data)
    {
        ArgumentNullException.ThrowIfNull(uid);
        ArgumentNullException.ThrowIfNull(@namespace);
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown cluster message type.");
        }

        if (!Fits(type, data))
        {
            throw new ArgumentException($"A {type} message cannot carry {data?.GetType().Name ?? "no data"}.", nameof(data));
        }

        Type = type;
        Uid = uid;
        Namespace = @namespace;
        Data = data;
    }

    /// <summary>The kind of message.</summary>
    public ClusterMessageType Type { get; }

    /// <summary>The id of the sending node.</summary>
    public string Uid { get; }

    /// <summary>The namespace the message is about.</summary>
    public string Namespace { get; }

    /// <summary>The content, of the type <see cref="Type"/> calls for; null for heartbeats and close.</summary>
    public ClusterMessageData? Data { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Type} from {Uid} on {Namespace}";

    private static bool Fits(ClusterMessageType type, ClusterMessageData? data) => type switch
    {
        ClusterMessageType.Broadcast => data is BroadcastData,
        ClusterMessageType.SocketsJoin or ClusterMessageType.SocketsLeave => data is SocketsRoomsData,
        ClusterMessageType.DisconnectSockets => data is DisconnectSocketsData,
        ClusterMessageType.FetchSockets => data is FetchSocketsData,
        ClusterMessageType.FetchSocketsResponse => data is FetchSocketsResponseData,
        ClusterMessageType.ServerSideEmit => data is ServerSideEmitData,
        ClusterMessageType.ServerSideEmitResponse => data is ServerSideEmitResponseData,
        ClusterMessageType.BroadcastClientCount => data is BroadcastClientCountData,
        ClusterMessageType.BroadcastAck => data is BroadcastAckData,
        _ => data is null,
    };
}
