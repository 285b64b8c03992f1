using System.Buffers;
using System.Text.Json;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// MessagePack exactly as notepack.io 3.0.1 (the codec of <c>@socket.io/redis-adapter</c> 8) writes and reads it.
/// </summary>
/// <remarks>
/// <para>
/// Encoding writes the bytes notepack writes for the JS value a .NET value stands for, which is the value a client
/// of this server would get as JSON: integral numbers (<c>3.0</c> included) as the smallest integer, fractions, NaN
/// and infinities as float64 (a <see cref="float"/> by its own shortest digits: <c>0.1f</c> is 0.1),
/// <see cref="DateTimeOffset"/>/<see cref="DateTime"/> as notepack's timestamps (millisecond precision), byte memories as
/// <c>bin</c>, undefined map members dropped, and other objects through their System.Text.Json contract. Deliberate
/// differences from notepack: 64-bit integers beyond 2^53 are written exactly (Node rounds them to the same number
/// it would have got from notepack; a .NET receiver keeps them), integral numbers outside [-2^63, 2^64) are written
/// as float64 (notepack wraps them modulo 2^64, so 1e21 would arrive as another number), and dictionary keys are
/// written as they are (System.Text.Json's <see cref="JsonSerializerOptions.DictionaryKeyPolicy"/> is not applied, so
/// the adapter's own envelopes keep their keys). Values nesting deeper than
/// <see cref="NotepackValueEncoder.MaxDepth"/> (a reference cycle) throw <see cref="InvalidOperationException"/>.
/// </para>
/// <para>
/// Decoding accepts every MessagePack format and gives the tree described by <see cref="IMessagePackCodec"/>: map keys
/// as JS would have them (<c>String(key)</c>, integer-like keys first, <c>__proto__</c> dropped), timestamps truncated
/// to the millisecond as <c>new Date</c> does (a time outside years 1-9999 stays a <see cref="MessagePackExtension"/>),
/// uint64 beyond <see cref="long.MaxValue"/> as the double Node computes. It differs from notepack in being lenient:
/// bytes after the value are ignored, and an ext 8 of type -1 whose length is not 12 stays an extension (notepack
/// would misread the bytes after it). Nesting deeper than <see cref="NotepackDecoder.MaxDepth"/> throws
/// <see cref="MessagePackFormatException"/>, as does anything truncated or malformed.
/// </para>
/// </remarks>
internal sealed class NotepackCodec : IMessagePackCodec
{
    private readonly NotepackValueEncoder _encoder;

    /// <summary>Creates the codec.</summary>
    /// <param name="serializerOptions">The server's serializer settings (copied, never changed).</param>
    public NotepackCodec(JsonSerializerOptions serializerOptions)
    {
        ArgumentNullException.ThrowIfNull(serializerOptions);
        var options = new JsonSerializerOptions(serializerOptions);
        options.MakeReadOnly(populateMissingResolver: true);
        _encoder = new NotepackValueEncoder(options);
    }

    /// <inheritdoc />
    public void Encode(IBufferWriter<byte> output, object? value)
    {
        ArgumentNullException.ThrowIfNull(output);
        _encoder.Write(new MessagePackWriter(output), value, null, 0);
    }

    /// <inheritdoc />
    public object? Decode(ReadOnlyMemory<byte> input) => NotepackDecoder.Decode(input.Span);
}
