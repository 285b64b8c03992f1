using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Unicode;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

/// <summary>Writes server frames (unmasked, RFC 6455 §5.2) into an output buffer.</summary>
internal static class FrameWriter
{
    private const int MaxCloseReasonBytes = 123;

    public static void Write(IBufferWriter<byte> output, byte opcode, bool fin, ReadOnlySpan<byte> payload)
    {
        var headerLength = payload.Length < 126 ? 2 : payload.Length <= ushort.MaxValue ? 4 : 10;
        var span = output.GetSpan(headerLength);
        span[0] = (byte)((fin ? 0x80 : 0) | opcode);
        switch (headerLength)
        {
            case 2:
                span[1] = (byte)payload.Length;
                break;
            case 4:
                span[1] = 126;
                BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)payload.Length);
                break;
            default:
                span[1] = 127;
                BinaryPrimitives.WriteUInt64BigEndian(span[2..], (ulong)payload.Length);
                break;
        }

        output.Advance(headerLength);
        output.Write(payload);
    }

    /// <summary>A close frame: the status (none for <see cref="WebSocketCloseStatus.Empty"/>) and as much of the reason as fits.</summary>
    public static void WriteClose(IBufferWriter<byte> output, WebSocketCloseStatus status, string? reason)
    {
        Span<byte> payload = stackalloc byte[2 + MaxCloseReasonBytes];
        var length = 0;
        if (status != WebSocketCloseStatus.Empty)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
            length = 2;
            if (!string.IsNullOrEmpty(reason))
            {
                // Stops before a character that does not fit whole.
                Utf8.FromUtf16(reason, payload[2..], out _, out var written);
                length += written;
            }
        }

        Write(output, WebSocketOpcode.Close, fin: true, payload[..length]);
    }
}
