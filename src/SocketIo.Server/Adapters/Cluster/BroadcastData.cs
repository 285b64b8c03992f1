namespace SocketIo.Server.Adapters.Cluster;

/// <summary>
/// An event for the sockets <paramref name="Options"/> addresses on every node (socket.io's
/// <c>{packet, opts, requestId?}</c>). With a <paramref name="RequestId"/>, each receiving node answers with one
/// <see cref="BroadcastClientCountData"/> and then one <see cref="BroadcastAckData"/> per client acknowledgement.
/// </summary>
/// <param name="Packet">The event.</param>
/// <param name="Options">Whom to address, and how (never <see cref="BroadcastFlags.Local"/>).</param>
/// <param name="RequestId">Set when the sender collects acknowledgements.</param>
public sealed record BroadcastData(BroadcastPacket Packet, BroadcastOptions Options, string? RequestId = null) : ClusterMessageData;
