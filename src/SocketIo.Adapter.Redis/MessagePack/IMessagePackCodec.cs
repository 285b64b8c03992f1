using System.Buffers;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// MessagePack as notepack.io 3 writes and reads it (the codec of <c>@socket.io/redis-adapter</c> 8.x). Kept behind
/// this interface so a library codec can replace ours when one can be restored.
/// </summary>
/// <remarks>
/// <para>
/// Encoding takes the values the server hands an adapter: null, strings, booleans, numbers (integral values in the
/// smallest integer form, others as float64, never float32), <c>byte[]</c> and other byte memories (as <c>bin</c>),
/// <see cref="System.Text.Json.JsonElement"/>, <see cref="System.Text.Json.Nodes.JsonNode"/> (whose values may hold
/// <c>byte[]</c>), arrays and lists, dictionaries with string keys, <see cref="DateTimeOffset"/>/<see cref="DateTime"/>
/// (timestamp extension -1), and any other object as System.Text.Json would see it (its properties, named by the
/// serializer options), binary members staying binary.
/// </para>
/// <para>
/// Decoding gives a tree of: null, <see cref="bool"/>, <see cref="long"/> (integers; <see cref="double"/> beyond the
/// <see cref="long"/> range), <see cref="double"/> (floats), <see cref="string"/>, <c>byte[]</c>, <c>object?[]</c>
/// (arrays), <see cref="Dictionary{TKey, TValue}"/> of string to object (maps as a JS object holds them: keys
/// stringified, integer-like keys first and the others in wire order, the last of duplicates winning,
/// <c>__proto__</c> dropped), <see cref="DateTimeOffset"/> (timestamps), <see cref="MessagePackUndefined"/> (the legacy
/// <c>d4 00 00</c>) and <see cref="MessagePackExtension"/> (any other extension).
/// </para>
/// </remarks>
internal interface IMessagePackCodec
{
    /// <summary>Writes one value.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="value">The value.</param>
    void Encode(IBufferWriter<byte> output, object? value);

    /// <summary>Reads one value; bytes after it are ignored.</summary>
    /// <param name="input">The bytes.</param>
    /// <exception cref="MessagePackFormatException">The input is not MessagePack, is truncated or nests too deep.</exception>
    object? Decode(ReadOnlyMemory<byte> input);
}
