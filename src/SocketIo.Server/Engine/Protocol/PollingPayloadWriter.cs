using System.Buffers.Text;

namespace SocketIo.Server.Engine.Protocol;

/// <summary>
/// Writes polling payload records: text packets as they are, binary messages as <c>b</c> + base64, records joined
/// by U+001E. Measuring first lets the caller set Content-Length and write into one exact-size buffer.
/// </summary>
internal static class PollingPayloadWriter
{
    /// <summary>The bytes one record takes, without its separator.</summary>
    public static int MeasureRecord(int payloadLength, bool isBinary) =>
        isBinary ? 1 + Base64.GetMaxEncodedToUtf8Length(payloadLength) : payloadLength;

    /// <summary>Writes one record into <paramref name="destination"/> and returns the bytes written.</summary>
    public static int WriteRecord(ReadOnlySpan<byte> payload, bool isBinary, Span<byte> destination)
    {
        if (!isBinary)
        {
            payload.CopyTo(destination);
            return payload.Length;
        }

        destination[0] = (byte)'b';
        Base64.EncodeToUtf8(payload, destination[1..], out _, out var written);
        return written + 1;
    }
}
