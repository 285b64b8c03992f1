using System.Buffers.Binary;
using SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

namespace SocketIo.Server.Tests.Engine.ConnectionLevel.Framing;

/// <summary>Client frames as a peer writes them (RFC 6455 §5.2), with a mask key of the caller's (or none), bit by bit when asked.</summary>
internal static class ClientFrame
{
    private static readonly byte[] DefaultKey = [0x37, 0xFA, 0x21, 0x3D];

    public static byte[] Build(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, byte rsv = 0, bool masked = true, byte[]? key = null, ulong? declaredLength = null)
    {
        key ??= DefaultKey;
        var length = declaredLength ?? (ulong)payload.Length;
        var extra = length < 126 ? 0 : length <= ushort.MaxValue ? 2 : 8;
        var keyLength = masked ? 4 : 0;
        var frame = new byte[2 + extra + keyLength + payload.Length];
        frame[0] = (byte)((fin ? 0x80 : 0) | rsv | opcode);
        var maskBit = masked ? 0x80 : 0;
        switch (extra)
        {
            case 0:
                frame[1] = (byte)(maskBit | (int)length);
                break;
            case 2:
                frame[1] = (byte)(maskBit | 126);
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)length);
                break;
            default:
                frame[1] = (byte)(maskBit | 127);
                BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), length);
                break;
        }

        var start = 2 + extra;
        key.AsSpan(0, keyLength).CopyTo(frame.AsSpan(start));
        for (var i = 0; i < payload.Length; i++)
        {
            frame[start + keyLength + i] = (byte)(payload[i] ^ (masked ? key[i & 3] : 0));
        }

        return frame;
    }

    public static byte[] CloseFrame(int status, string reason = "") =>
        Build(WebSocketOpcode.Close, [(byte)(status >> 8), (byte)status, .. System.Text.Encoding.UTF8.GetBytes(reason)]);
}
