using Microsoft.Extensions.Logging;

namespace SocketIo.Adapter.Redis.Sharded;

/// <summary>The sharded adapter's log messages. Channel names, node ids and reasons are logged; payloads never are.</summary>
internal static partial class ShardedAdapterLog
{
    [LoggerMessage(4201, LogLevel.Warning, "Namespace {Namespace}: subscribing to sharded channel {Channel} failed; the client retries on reconnection.")]
    public static partial void SubscribeFailed(ILogger logger, string @namespace, string channel, Exception exception);

    [LoggerMessage(4202, LogLevel.Warning, "Namespace {Namespace}: unsubscribing from sharded channel {Channel} failed.")]
    public static partial void UnsubscribeFailed(ILogger logger, string @namespace, string channel, Exception exception);

    [LoggerMessage(4203, LogLevel.Warning, "Namespace {Namespace}: publishing a {Type} message to sharded channel {Channel} failed.")]
    public static partial void PublishFailed(ILogger logger, string @namespace, SocketIo.Server.Adapters.Cluster.ClusterMessageType type, string channel, Exception exception);

    [LoggerMessage(4204, LogLevel.Debug, "Namespace {Namespace}: dropped a message from sharded channel {Channel} ({Reason}).")]
    public static partial void MessageDropped(ILogger logger, string @namespace, string channel, string reason);

    [LoggerMessage(4205, LogLevel.Error, "Namespace {Namespace}: decoding a message from sharded channel {Channel} failed unexpectedly.")]
    public static partial void DecodingFailed(ILogger logger, string @namespace, string channel, Exception exception);
}
