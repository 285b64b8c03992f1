using Microsoft.Extensions.Logging;

namespace SocketIo.Server.Diagnostics;

/// <summary>The Socket.IO layer's log messages. Ids and event names are logged; payloads never are.</summary>
internal static partial class SocketIoLog
{
    [LoggerMessage(101, LogLevel.Debug, "Connection {SessionId}: invalid packet ({Description}); closing.")]
    public static partial void InvalidPacket(ILogger logger, string sessionId, string description);

    [LoggerMessage(102, LogLevel.Debug, "Connection {SessionId}: {PacketType} for namespace {Namespace} in the wrong state; closing.")]
    public static partial void InvalidState(ILogger logger, string sessionId, string packetType, string @namespace);

    [LoggerMessage(103, LogLevel.Debug, "Connection {SessionId} joined no namespace in time; closing.")]
    public static partial void ConnectTimeout(ILogger logger, string sessionId);

    [LoggerMessage(104, LogLevel.Error, "Namespace {Namespace}, socket {SocketId}: a listener of {EventName} threw.")]
    public static partial void ListenerFailed(ILogger logger, string @namespace, string socketId, string eventName, Exception exception);

    [LoggerMessage(105, LogLevel.Error, "Namespace {Namespace}: a connection middleware threw; the client was refused.")]
    public static partial void MiddlewareFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(106, LogLevel.Error, "Namespace {Namespace}: publishing {EventName} failed.")]
    public static partial void PublishFailed(ILogger logger, string @namespace, string eventName, Exception exception);

    [LoggerMessage(131, LogLevel.Warning, "Namespace {Namespace}, socket {SocketId}: a missed {EventName} could not be encoded and was not replayed.")]
    public static partial void ReplayFailed(ILogger logger, string @namespace, string socketId, string eventName, Exception exception);
}
