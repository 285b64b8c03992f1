namespace SocketIo.Server.Adapters.Cluster;

/// <summary>
/// The content of a <see cref="ClusterMessage"/>; one derived type per kind of message. Values inside are plain .NET
/// values: what the application emitted on the sending node, or what a wire codec decoded on a receiving one
/// (<see cref="System.Text.Json.JsonElement"/>, <c>byte[]</c>, strings, numbers, lists, dictionaries).
/// </summary>
public abstract record ClusterMessageData
{
    private protected ClusterMessageData()
    {
    }
}

/// <summary>The content of a message that answers a request, routed back to it by <see cref="RequestId"/>.</summary>
/// <param name="RequestId">The id of the request answered.</param>
public abstract record ClusterResponseData(string RequestId) : ClusterMessageData;
