namespace SocketIo.Server.Adapters.Cluster;

/// <summary>
/// How many clients a node sent an acknowledged broadcast to (socket.io's <c>{requestId, clientCount}</c>); sent once
/// per node, also when the count is 0, so the sender knows how many acknowledgements to wait for.
/// </summary>
/// <param name="RequestId">The id of the broadcast.</param>
/// <param name="ClientCount">The number of clients the node sent it to.</param>
public sealed record BroadcastClientCountData(string RequestId, int ClientCount) : ClusterResponseData(RequestId);
