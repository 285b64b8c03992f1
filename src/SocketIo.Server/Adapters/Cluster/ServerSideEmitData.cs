namespace SocketIo.Server.Adapters.Cluster;

/// <summary>
/// An event for the namespace's server-side listeners on the other nodes (socket.io's <c>{packet, requestId?}</c>).
/// With a <paramref name="RequestId"/>, a node whose listener acknowledges answers with one
/// <see cref="ServerSideEmitResponseData"/>.
/// </summary>
/// <param name="Arguments">The event name followed by its arguments (socket.io's <c>packet</c>).</param>
/// <param name="RequestId">Set when the sender collects answers.</param>
public sealed record ServerSideEmitData(IReadOnlyList<object?> Arguments, string? RequestId = null) : ClusterMessageData;
