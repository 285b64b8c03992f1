namespace SocketIo.Server.Adapters.Cluster;

/// <summary>
/// A request for the descriptions of the sockets <paramref name="Options"/> addresses (socket.io's
/// <c>{opts, requestId}</c>); every receiving node answers with a <see cref="FetchSocketsResponseData"/>, even empty.
/// </summary>
/// <param name="Options">Whom to address.</param>
/// <param name="RequestId">The id the answers carry back.</param>
public sealed record FetchSocketsData(BroadcastOptions Options, string RequestId) : ClusterMessageData;
