using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Makes System.Text.Json write binary members of serialized objects as placeholders of the packet being encoded,
/// as the reference deconstructs Buffers anywhere in the payload. Serialization is synchronous, so the packet's
/// writer is found in a thread-static; outside an encode the bytes are written as base64, System.Text.Json's default.
/// </summary>
internal static class BinaryPlaceholderConverter
{
    [ThreadStatic]
    private static JsonStringifyWriter? t_target;

    /// <summary>The converter for <c>byte[]</c>.</summary>
    public static readonly JsonConverter<byte[]> ByteArray = new Converter<byte[]>(static v => v);

    /// <summary>The converter for <see cref="ReadOnlyMemory{T}"/> of bytes.</summary>
    public static readonly JsonConverter<ReadOnlyMemory<byte>> ReadOnlyMemory = new Converter<ReadOnlyMemory<byte>>(static v => v);

    /// <summary>The converter for <see cref="Memory{T}"/> of bytes.</summary>
    public static readonly JsonConverter<Memory<byte>> Memory = new Converter<Memory<byte>>(static v => v);

    /// <summary>The converter for <see cref="ArraySegment{T}"/> of bytes.</summary>
    public static readonly JsonConverter<ArraySegment<byte>> ArraySegment = new Converter<ArraySegment<byte>>(static v => v);

    /// <summary>The writer of the packet being encoded on this thread.</summary>
    internal static JsonStringifyWriter? Target
    {
        get => t_target;
        set => t_target = value;
    }

    private sealed class Converter<T>(Func<T, ReadOnlyMemory<byte>> toMemory) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The Socket.IO payload serializer only writes.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            var bytes = toMemory(value);
            if (t_target is not { } target)
            {
                writer.WriteBase64StringValue(bytes.Span);
                return;
            }

            var num = target.AddAttachment(bytes);
            writer.WriteStartObject();
            writer.WriteBoolean("_placeholder"u8, true);
            writer.WriteNumber("num"u8, num);
            writer.WriteEndObject();
        }
    }
}
