using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// Writes commands as Redis expects them (an array of bulk strings) straight into a buffer writer such as a
/// <see cref="System.IO.Pipelines.PipeWriter"/>: no intermediate strings or arrays.
/// </summary>
internal static class RespWriter
{
    // "$" or "*", up to 20 digits, CRLF.
    private const int MaxHeaderLength = 23;

    /// <summary>Writes a whole command whose arguments are all text.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="arguments">The command name and its arguments, encoded as UTF-8.</param>
    public static void WriteCommand(IBufferWriter<byte> writer, ReadOnlySpan<string> arguments)
    {
        WriteArrayHeader(writer, arguments.Length);
        foreach (var argument in arguments)
        {
            WriteBulkString(writer, argument);
        }
    }

    /// <summary>Writes the header of a command of <paramref name="count"/> arguments; the arguments follow.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="count">How many arguments follow.</param>
    public static void WriteArrayHeader(IBufferWriter<byte> writer, int count) => WriteHeader(writer, (byte)'*', count);

    /// <summary>Writes one binary argument.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The argument's bytes.</param>
    public static void WriteBulkString(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        WriteHeader(writer, (byte)'$', value.Length);
        writer.Write(value);
        WriteCrlf(writer);
    }

    /// <summary>Writes one text argument, encoded as UTF-8.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The argument.</param>
    public static void WriteBulkString(IBufferWriter<byte> writer, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Encoding.UTF8.GetByteCount(value);
        WriteHeader(writer, (byte)'$', length);
        if (length > 0)
        {
            var written = Encoding.UTF8.GetBytes(value, writer.GetSpan(length));
            writer.Advance(written);
        }

        WriteCrlf(writer);
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte marker, long count)
    {
        var span = writer.GetSpan(MaxHeaderLength);
        span[0] = marker;
        Utf8Formatter.TryFormat(count, span[1..], out var digits);
        span[1 + digits] = (byte)'\r';
        span[2 + digits] = (byte)'\n';
        writer.Advance(3 + digits);
    }

    private static void WriteCrlf(IBufferWriter<byte> writer) => writer.Write("\r\n"u8);
}
