using Microsoft.Extensions.Logging;

namespace SocketIo.Server.Diagnostics;

/// <summary>The Engine.IO layer's log messages. Session ids are logged; payloads never are.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(1, LogLevel.Debug, "Engine.IO session {SessionId} opened on {Transport}.")]
    public static partial void SessionOpened(ILogger logger, string sessionId, string transport);

    [LoggerMessage(2, LogLevel.Debug, "Engine.IO session {SessionId} closed: {Reason}.")]
    public static partial void SessionClosed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Engine.IO session {SessionId} upgraded to websocket.")]
    public static partial void Upgraded(ILogger logger, string sessionId);

    [LoggerMessage(4, LogLevel.Debug, "Engine.IO session {SessionId}: upgrade abandoned ({Why}).")]
    public static partial void UpgradeAborted(ILogger logger, string sessionId, string why);

    [LoggerMessage(5, LogLevel.Debug, "Engine.IO session {SessionId}: transport error ({Description}).")]
    public static partial void TransportError(ILogger logger, string sessionId, string description);

    [LoggerMessage(6, LogLevel.Debug, "Engine.IO session {SessionId}: protocol violation ({Description}).")]
    public static partial void ProtocolViolation(ILogger logger, string sessionId, string description);

    [LoggerMessage(7, LogLevel.Error, "Engine.IO session {SessionId}: the connection handler threw.")]
    public static partial void HandlerFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Engine.IO session {SessionId} closed as a slow consumer: {MaxBufferedBytes} bytes or more were waiting for it.")]
    public static partial void SlowConsumer(ILogger logger, string sessionId, long maxBufferedBytes);
}
