using System.Net.WebSockets;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

/// <summary>What a control frame carried: a ping's payload, or a close frame's status and reason.</summary>
internal readonly record struct ControlFrame(byte[]? PingPayload, WebSocketCloseStatus? CloseStatus, string? CloseDescription);
