using Microsoft.Extensions.Logging;

namespace SocketIo.Adapter.Redis.Diagnostics;

/// <summary>The classic Redis adapter's log messages. Channels, node ids and reasons are logged; payloads never are.</summary>
internal static partial class ClassicAdapterLog
{
    [LoggerMessage(4201, LogLevel.Debug, "Namespace {Namespace}, node {Uid}: dropped a message received on {Channel} ({Reason}): {Detail}")]
    public static partial void MessageDropped(ILogger logger, string @namespace, string uid, string channel, string reason, string detail);

    [LoggerMessage(4202, LogLevel.Warning, "Namespace {Namespace}, node {Uid}: subscribing to the namespace's channels failed; messages from other nodes will not arrive.")]
    public static partial void SubscribeFailed(ILogger logger, string @namespace, string uid, Exception exception);

    [LoggerMessage(4203, LogLevel.Debug, "Namespace {Namespace}, node {Uid}: unsubscribing from {Channel} failed.")]
    public static partial void UnsubscribeFailed(ILogger logger, string @namespace, string uid, string channel, Exception exception);

    [LoggerMessage(4204, LogLevel.Debug, "Namespace {Namespace}, node {Uid}: publishing to {Channel} failed.")]
    public static partial void PublishFailed(ILogger logger, string @namespace, string uid, string channel, Exception exception);

    [LoggerMessage(4205, LogLevel.Warning, "Namespace {Namespace}, node {Uid}: answering node {Requester} failed.")]
    public static partial void AnswerFailed(ILogger logger, string @namespace, string uid, string requester, Exception exception);

    [LoggerMessage(4206, LogLevel.Error, "Namespace {Namespace}, node {Uid}: handling a message received on {Channel} failed.")]
    public static partial void HandlingFailed(ILogger logger, string @namespace, string uid, string channel, Exception exception);
}
