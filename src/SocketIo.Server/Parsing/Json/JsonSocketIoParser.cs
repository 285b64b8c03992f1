using System.Buffers;
using SocketIo.Server.Engine;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// The default Socket.IO parser (npm <c>socket.io-parser</c>): text packets with a JSON payload, binary values sent
/// as separate attachments. Thread-safe; one instance serves a whole server.
/// </summary>
internal sealed class JsonSocketIoParser : ISocketIoParser
{
    private readonly JsonArgumentSerializer _serializer;

    /// <summary>Creates the parser.</summary>
    /// <param name="options">Limits and serializer settings; defaults when null.</param>
    public JsonSocketIoParser(JsonSocketIoParserOptions? options = null)
    {
        Options = options ?? new JsonSocketIoParserOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(Options.MaxAttachments);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.MaxDepth);
        _serializer = new JsonArgumentSerializer(Options.SerializerOptions);
    }

    /// <summary>The options in use.</summary>
    public JsonSocketIoParserOptions Options { get; }

    /// <inheritdoc />
    public ISocketIoPacketDecoder CreateDecoder() => new JsonPacketDecoder(Options);

    /// <inheritdoc />
    public EngineMessage[] Encode(SocketIoPacketType type, string @namespace, long? ackId, in SocketIoPayload payload) =>
        Encode(type, @namespace, ackId, payload, WritePayload);

    /// <inheritdoc />
    public ReadOnlyMemory<byte>[] EncodeTo(
        IBufferWriter<byte> wireText,
        SocketIoPacketType type,
        string @namespace,
        long? ackId,
        in SocketIoPayload payload)
    {
        ArgumentNullException.ThrowIfNull(wireText);
        var writer = JsonStringifyWriter.Rent(_serializer, Options.MaxDepth);
        try
        {
            WritePayload(writer, payload);
            var attachments = writer.Attachments.Count == 0 ? [] : writer.CopyAttachments();
            JsonPacketEncoder.WriteText(wireText, type, @namespace, ackId, writer.WrittenJson, attachments.Length);
            return attachments;
        }
        finally
        {
            writer.Return();
        }
    }

    /// <summary>Encodes a packet whose payload the caller writes.</summary>
    /// <typeparam name="TState">The callback's state.</typeparam>
    /// <param name="type">The packet type; EVENT/ACK become binary when attachments were written.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="ackId">The ack id, if any.</param>
    /// <param name="state">Passed to <paramref name="writePayload"/>.</param>
    /// <param name="writePayload">Writes one value, or nothing for no payload.</param>
    public EngineMessage[] Encode<TState>(
        SocketIoPacketType type,
        string @namespace,
        long? ackId,
        TState state,
        JsonPayloadWriter<TState> writePayload)
    {
        ArgumentNullException.ThrowIfNull(writePayload);
        var writer = JsonStringifyWriter.Rent(_serializer, Options.MaxDepth);
        try
        {
            writePayload(writer, state);
            return JsonPacketEncoder.Encode(type, @namespace, ackId, writer.WrittenJson, writer.CopyAttachments());
        }
        finally
        {
            writer.Return();
        }
    }

    /// <summary>
    /// Encodes a packet from a payload already written as <c>JSON.stringify</c> would write it, placeholders
    /// included; nothing is checked or re-escaped.
    /// </summary>
    /// <param name="type">The packet type; EVENT/ACK become binary when there are attachments.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="ackId">The ack id, if any.</param>
    /// <param name="json">The payload, empty for none.</param>
    /// <param name="attachments">The attachments the placeholders refer to, sent without copying.</param>
    public static EngineMessage[] EncodeJson(
        SocketIoPacketType type,
        string @namespace,
        long? ackId,
        ReadOnlySpan<byte> json,
        IReadOnlyList<ReadOnlyMemory<byte>>? attachments = null) =>
        JsonPacketEncoder.Encode(type, @namespace, ackId, json, attachments ?? []);

    /// <summary>
    /// Writes the text message of a packet whose payload is already written as <c>JSON.stringify</c> would write it
    /// (placeholders included; nothing is checked or re-escaped) into <paramref name="wireText"/>, allocating nothing.
    /// </summary>
    /// <param name="wireText">Receives the complete wire text, the Engine.IO <c>4</c> included.</param>
    /// <param name="type">The packet type; EVENT/ACK become binary when there are attachments.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="ackId">The ack id, if any.</param>
    /// <param name="json">The payload, empty for none.</param>
    /// <param name="attachmentCount">How many attachments the placeholders refer to; they follow as binary messages.</param>
    public static void EncodeJsonTo(
        IBufferWriter<byte> wireText,
        SocketIoPacketType type,
        string @namespace,
        long? ackId,
        ReadOnlySpan<byte> json,
        int attachmentCount = 0) =>
        JsonPacketEncoder.WriteText(wireText, type, @namespace, ackId, json, attachmentCount);

    private static void WritePayload(JsonStringifyWriter writer, SocketIoPayload payload)
    {
        switch (payload.Kind)
        {
            case SocketIoPayloadKind.Value:
                writer.WriteValue(payload.Value);
                break;
            case SocketIoPayloadKind.Arguments:
                writer.WriteStartArray();
                if (payload.EventName is { } name)
                {
                    writer.WriteString(name);
                }

                foreach (var argument in payload.Arguments.Span)
                {
                    writer.WriteValue(argument);
                }

                writer.WriteEndArray();
                break;
        }
    }
}
