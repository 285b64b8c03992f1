namespace SocketIo.Server.Adapters.Cluster;

/// <summary>
/// The sockets <paramref name="Options"/> addresses join or leave <paramref name="Rooms"/> (socket.io's
/// <c>{opts, rooms}</c>), for <see cref="ClusterMessageType.SocketsJoin"/> and <see cref="ClusterMessageType.SocketsLeave"/>.
/// </summary>
/// <param name="Options">Whom to address.</param>
/// <param name="Rooms">The rooms to join or leave.</param>
public sealed record SocketsRoomsData(BroadcastOptions Options, IReadOnlyCollection<string> Rooms) : ClusterMessageData;
