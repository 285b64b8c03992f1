namespace SocketIo.Server.Adapters.Cluster;

/// <summary>A node's answer to a <see cref="FetchSocketsData"/>: its matching sockets (socket.io's <c>{requestId, sockets}</c>).</summary>
/// <param name="RequestId">The id of the request answered.</param>
/// <param name="Sockets">The node's matching sockets.</param>
public sealed record FetchSocketsResponseData(string RequestId, IReadOnlyList<SocketDescription> Sockets) : ClusterResponseData(RequestId);
