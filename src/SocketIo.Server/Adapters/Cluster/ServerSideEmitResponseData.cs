namespace SocketIo.Server.Adapters.Cluster;

/// <summary>A node's answer to a <see cref="ServerSideEmitData"/> (socket.io's <c>{requestId, packet}</c>).</summary>
/// <param name="RequestId">The id of the request answered.</param>
/// <param name="Value">The first argument of the listener's acknowledgement.</param>
public sealed record ServerSideEmitResponseData(string RequestId, object? Value) : ClusterResponseData(RequestId);
