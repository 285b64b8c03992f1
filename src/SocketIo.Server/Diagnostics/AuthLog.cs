using Microsoft.Extensions.Logging;

namespace SocketIo.Server.Diagnostics;

/// <summary>
/// Security events of the CONNECT handshake, for alerting: namespace, Engine.IO session and client address only.
/// Credentials, <c>auth</c> payloads and exception messages (which may quote a token) are never logged.
/// </summary>
internal static partial class AuthLog
{
    [LoggerMessage(501, LogLevel.Information, "Namespace {Namespace}: handshake authentication failed for connection {SessionId} from {RemoteAddress}.")]
    public static partial void AuthenticationFailed(ILogger logger, string @namespace, string sessionId, string remoteAddress);

    [LoggerMessage(502, LogLevel.Information, "Namespace {Namespace}: connection {SessionId} from {RemoteAddress} refused by authorization ({Refusal}).")]
    public static partial void AuthorizationFailed(ILogger logger, string @namespace, string sessionId, string remoteAddress, string refusal);

    [LoggerMessage(503, LogLevel.Error, "Namespace {Namespace}: a handshake authenticator threw {ExceptionType}; the client was refused as unauthorized.")]
    public static partial void AuthenticatorThrew(ILogger logger, string @namespace, string exceptionType);

    [LoggerMessage(504, LogLevel.Error, "Namespace {Namespace}: evaluating its authorization policies failed; the client was refused.")]
    public static partial void AuthorizationThrew(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(505, LogLevel.Debug, "Namespace {Namespace}: socket {SocketId} disconnected, its authentication expired.")]
    public static partial void AuthenticationExpired(ILogger logger, string @namespace, string socketId);

    [LoggerMessage(506, LogLevel.Debug, "Namespace {Namespace}: connection {SessionId} presented a recovery id of another user; it connects afresh.")]
    public static partial void RecoveryUserMismatch(ILogger logger, string @namespace, string sessionId);
}
