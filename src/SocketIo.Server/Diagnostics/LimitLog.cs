using System.Net;
using Microsoft.Extensions.Logging;

namespace SocketIo.Server.Diagnostics;

/// <summary>Log messages of the origin check, the connection caps and the rate limit. No payload is ever logged.</summary>
internal static partial class LimitLog
{
    [LoggerMessage(601, LogLevel.Information, "Request from {RemoteAddress} refused: its Origin is not allowed.")]
    public static partial void OriginRefused(ILogger logger, IPAddress? remoteAddress);

    [LoggerMessage(602, LogLevel.Information, "Handshake from {RemoteAddress} refused: too many connections from that address.")]
    public static partial void TooManyConnectionsFromAddress(ILogger logger, IPAddress? remoteAddress);

    [LoggerMessage(603, LogLevel.Information, "Namespace {Namespace}: connection {SessionId} refused, its user has too many connections.")]
    public static partial void TooManyConnectionsForUser(ILogger logger, string @namespace, string sessionId);

    [LoggerMessage(604, LogLevel.Debug, "Connection {SessionId} is over its inbound rate limit; dropping packets.")]
    public static partial void RateLimitDropping(ILogger logger, string sessionId);

    [LoggerMessage(605, LogLevel.Information, "Connection {SessionId} exceeded its inbound rate limit; disconnecting.")]
    public static partial void RateLimitDisconnecting(ILogger logger, string sessionId);

    [LoggerMessage(606, LogLevel.Debug, "Namespace {Namespace}: socket {SocketId} is in too many rooms; a remote join skipped it.")]
    public static partial void RoomJoinSkipped(ILogger logger, string @namespace, string socketId);

    [LoggerMessage(607, LogLevel.Debug, "Namespace {Namespace}: socket {SocketId} waits for too many acknowledgements; a broadcast skipped it.")]
    public static partial void AckBroadcastSkipped(ILogger logger, string @namespace, string socketId);
}
