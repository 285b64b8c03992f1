using Microsoft.Extensions.Logging;

namespace SocketIo.Server.Diagnostics;

/// <summary>The cluster adapter's log messages. Node ids and message types are logged; payloads never are.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(301, LogLevel.Error, "Namespace {Namespace}, node {Uid}: handling a {Type} message from node {Sender} failed.")]
    public static partial void HandlingFailed(ILogger logger, string @namespace, string uid, SocketIo.Server.Adapters.Cluster.ClusterMessageType type, string sender, Exception exception);

    [LoggerMessage(302, LogLevel.Error, "Namespace {Namespace}, node {Uid}: answering node {Requester} with {Type} failed.")]
    public static partial void AnswerFailed(ILogger logger, string @namespace, string uid, string requester, SocketIo.Server.Adapters.Cluster.ClusterMessageType type, Exception exception);
}
