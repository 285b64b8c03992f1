using System.Buffers.Binary;

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
    public static byte[] Client(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, byte rsv = 0, ulong? declaredLength = null)
    {
        var length = declaredLength ?? (ulong)payload.Length;
        var extra = length < 126 ? 0 : length <= ushort.MaxValue ? 2 : 8;
        var frame = new byte[2 + extra + 4 + payload.Length];
        frame[0] = (byte)((fin ? 0x80 : 0) | rsv | opcode);
        switch (extra)
        {
            case 0:
                frame[1] = (byte)(0x80 | (int)length);
                break;
            case 2:
                frame[1] = 0x80 | 126;
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)length);
                break;
            default:
                frame[1] = 0x80 | 127;
                BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), length);
                break;
        }

        // A zero mask keeps the payload readable in captures; masking is mandatory, its key is not secret.
        payload.CopyTo(frame.AsSpan(2 + extra + 4));
        return frame;
    }
}
