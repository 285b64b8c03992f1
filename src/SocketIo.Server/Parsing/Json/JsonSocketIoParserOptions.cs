using System.Text.Json;

namespace SocketIo.Server.Parsing.Json;

/// <summary>Limits and serializer settings of the default (JSON) parser.</summary>
internal sealed class JsonSocketIoParserOptions
{
    /// <summary>The most attachments one binary packet may announce (the reference's <c>maxAttachments</c>, default 10).</summary>
    public int MaxAttachments { get; init; } = 10;

    /// <summary>
    /// The deepest nesting of arrays and objects in a payload, its own array included, both ways: a client's deeper
    /// payload is invalid, encoding a deeper one throws <see cref="JsonException"/>.
    /// </summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// How arguments that are not JSON primitives are serialized. String escaping, number formatting and binary
    /// values are always handled the way <c>JSON.stringify</c> and the reference parser do, whatever is set here.
    /// </summary>
    public JsonSerializerOptions? SerializerOptions { get; init; }
}
