namespace SocketIo.Server.Adapters.Cluster;

/// <summary>One client's acknowledgement of a broadcast (socket.io's <c>{requestId, packet}</c>).</summary>
/// <param name="RequestId">The id of the broadcast.</param>
/// <param name="Value">The first argument of the client's acknowledgement.</param>
public sealed record BroadcastAckData(string RequestId, object? Value) : ClusterResponseData(RequestId);
