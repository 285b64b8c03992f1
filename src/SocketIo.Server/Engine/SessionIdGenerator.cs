using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SocketIo.Server.Engine;

/// <summary>
/// Makes session ids like the reference's base64id: 12 CSPRNG bytes and the low 3 bytes of a process-wide counter,
/// base64 with <c>/</c>→<c>_</c> and <c>+</c>→<c>-</c>: always 20 characters. The counter keeps ids unique even if the
/// random source repeated; the random part makes them unguessable.
/// </summary>
internal static class SessionIdGenerator
{
    private static int s_sequence = RandomNumberGenerator.GetInt32(int.MaxValue);

    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[..12]);
        BinaryPrimitives.WriteInt32BigEndian(bytes[12..], Interlocked.Increment(ref s_sequence));
        // bytes[12] is the counter's high byte; drop it so 15 bytes encode to exactly 20 characters.
        bytes[12] = bytes[13];
        bytes[13] = bytes[14];
        bytes[14] = bytes[15];
        return string.Create(20, bytes[..15].ToArray(), static (chars, source) =>
        {
            Convert.TryToBase64Chars(source, chars, out _);
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = chars[i] switch { '/' => '_', '+' => '-', var c => c };
            }
        });
    }
}
