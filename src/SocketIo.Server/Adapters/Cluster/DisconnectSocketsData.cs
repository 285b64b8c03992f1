namespace SocketIo.Server.Adapters.Cluster;

/// <summary>The sockets <paramref name="Options"/> addresses are disconnected (socket.io's <c>{opts, close}</c>).</summary>
/// <param name="Options">Whom to address.</param>
/// <param name="Close">Whether their connections are closed too.</param>
public sealed record DisconnectSocketsData(BroadcastOptions Options, bool Close) : ClusterMessageData;
