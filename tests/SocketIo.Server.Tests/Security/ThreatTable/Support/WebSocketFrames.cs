using SocketIo.Server.Tests.Engine.ConnectionLevel.Framing;

namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>Builds client WebSocket frames bit by bit (RFC 6455 §5.2) and reads the server's.</summary>
internal static class WebSocketFrames
{
    public const byte Continuation = 0x0;
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;

    /// <summary>
    /// A masked client frame. <paramref name="rsv"/> sets RSV1-3 (bits 0x40, 0x20, 0x10); <paramref name="declaredLength"/>
    /// overrides the length written in the header (the payload written stays <paramref name="payload"/>).
    /// </summary>
    public static byte[] Client(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, byte rsv = 0, ulong? declaredLength = null) =>
        // A zero mask keeps the payload readable in captures; masking is mandatory, its key is not secret.
        ClientFrame.Build(opcode, payload, fin, rsv, masked: true, key: [0, 0, 0, 0], declaredLength);
}
