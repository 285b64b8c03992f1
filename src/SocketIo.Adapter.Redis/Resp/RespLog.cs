using Microsoft.Extensions.Logging;

namespace SocketIo.Adapter.Redis.Resp;

/// <summary>The Redis client's log messages. Channel names and servers are logged; payloads and passwords never are.</summary>
internal static partial class RespLog
{
    [LoggerMessage(601, LogLevel.Information, "Redis {Role} connection to {Server} established.")]
    public static partial void Connected(ILogger logger, string role, string server);

    [LoggerMessage(602, LogLevel.Warning, "Redis {Role} connection to {Server} lost; reconnecting.")]
    public static partial void ConnectionLost(ILogger logger, string role, string server, Exception? reason);

    [LoggerMessage(603, LogLevel.Information, "Redis {Role} connection to {Server} restored after {Attempts} attempt(s).")]
    public static partial void ConnectionRestored(ILogger logger, string role, string server, int attempts);

    [LoggerMessage(604, LogLevel.Warning, "Redis {Role} connection to {Server} could not be made; retrying in {DelayMs} ms, and on until it succeeds.")]
    public static partial void ConnectFailed(ILogger logger, string role, string server, double delayMs, Exception? reason);

    [LoggerMessage(605, LogLevel.Debug, "Redis {Role} connection to {Server}: attempt {Attempt} failed; retrying in {DelayMs} ms.")]
    public static partial void ConnectRetryFailed(ILogger logger, string role, string server, int attempt, double delayMs, Exception? reason);

    [LoggerMessage(606, LogLevel.Error, "A handler of Redis channel {Channel} threw; the message was skipped.")]
    public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(607, LogLevel.Error, "Redis refused to subscribe again to {Kind} channel {Channel} after reconnecting; the subscription is dropped.")]
    public static partial void ResubscribeRefused(ILogger logger, RedisChannelKind kind, string channel, Exception exception);

    [LoggerMessage(608, LogLevel.Error, "A handler of the Redis client's ConnectionChanged event threw.")]
    public static partial void ConnectionChangedHandlerFailed(ILogger logger, Exception exception);
}
