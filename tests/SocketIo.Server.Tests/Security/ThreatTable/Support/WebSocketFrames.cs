using SocketIo.Server.Tests.Engine.ConnectionLevel.Framing;

namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>Client WebSocket frames for the threat rows (opcodes: the server's <c>WebSocketOpcode</c>).</summary>
internal static class WebSocketFrames
{
    /// <summary>
    /// A masked client frame. <paramref name="rsv"/> sets RSV1-3 (bits 0x40, 0x20, 0x10); <paramref name="declaredLength"/>
    /// overrides the length written in the header (the payload written stays <paramref name="payload"/>).
    /// </summary>
    public static byte[] Client(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, byte rsv = 0, ulong? declaredLength = null) =>
        // A zero mask keeps the payload readable in captures; masking is mandatory, its key is not secret.
        ClientFrame.Build(opcode, payload, fin, rsv, masked: true, key: [0, 0, 0, 0], declaredLength);
}
