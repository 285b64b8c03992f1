using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SocketIo.Server.Parsing;

/// <summary>
/// A decoded inbound packet: its header, and its JSON payload kept as the validated UTF-8 text it arrived as, so
/// that decoding builds no JSON tree. A text packet is a view of the message it was read from and is reused by its
/// decoder: it is valid until the decoder's next call and only while the message memory is (during the engine's
/// message call). A packet completed from attachments owns all its memory.
/// </summary>
internal sealed class SocketIoPacket
{
    private const string RootNamespace = "/";
    private static readonly ReadOnlyMemory<byte>[] NoAttachments = [];

    private ReadOnlyMemory<byte> _namespace;
    private string? _namespaceText;
    private EventNameToken? _eventName;
    private int _maxDepth;

    /// <summary>
    /// The packet type. As in the reference, a complete BINARY_EVENT or BINARY_ACK is reported as EVENT or ACK;
    /// <see cref="Attachments"/> tells them apart.
    /// </summary>
    public SocketIoPacketType Type { get; private set; }

    /// <summary>The namespace, <c>/</c> by default. Built (once per packet) from <see cref="NamespaceUtf8"/>.</summary>
    public string Namespace => _namespaceText ??= _namespace.IsEmpty ? RootNamespace : Encoding.UTF8.GetString(_namespace.Span);

    /// <summary>The namespace as valid UTF-8; empty for <c>/</c> (a packet that named none).</summary>
    public ReadOnlySpan<byte> NamespaceUtf8 => _namespace.Span;

    /// <summary>The ack id the sender expects an answer to (EVENT) or answers (ACK).</summary>
    public long? AckId { get; private set; }

    /// <summary>
    /// The JSON payload as valid UTF-8, empty when the packet had none. It has the shape its type requires, is no
    /// deeper than the limit, and its placeholders (<c>{"_placeholder":true,"num":i}</c>) are validated.
    /// </summary>
    public ReadOnlyMemory<byte> Payload { get; private set; }

    /// <summary>
    /// The payload parsed into a JSON value that owns a copy of it, null when the packet had none. Every call parses
    /// (and allocates): read it once, where the value is really needed.
    /// </summary>
    public JsonElement? Data
    {
        get
        {
            if (Payload.IsEmpty)
            {
                return null;
            }

            var reader = new Utf8JsonReader(Payload.Span, new JsonReaderOptions { MaxDepth = _maxDepth });
            return JsonElement.ParseValue(ref reader);
        }
    }

    /// <summary>The binary attachments; empty unless the packet arrived as BINARY_EVENT or BINARY_ACK.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; private set; } = NoAttachments;

    /// <summary>Whether the packet arrived as BINARY_EVENT or BINARY_ACK (the reference never accepts zero attachments).</summary>
    public bool HadAttachments => Attachments.Count > 0;

    /// <summary>Whether this is an EVENT whose payload starts with its name (a string or a number).</summary>
    public bool HasEventName => _eventName.HasValue;

    /// <summary>The most characters <see cref="CopyEventName"/> may write.</summary>
    public int EventNameMaxLength => _eventName?.Length ?? 0;

    /// <summary>Sets every field: the decoder reuses one packet for all its text packets.</summary>
    internal void Reset(
        SocketIoPacketType type,
        ReadOnlyMemory<byte> @namespace,
        long? ackId,
        ReadOnlyMemory<byte> payload,
        EventNameToken? eventName,
        int maxDepth,
        IReadOnlyList<ReadOnlyMemory<byte>>? attachments = null)
    {
        Type = type;
        _namespace = @namespace;
        _namespaceText = null;
        AckId = ackId;
        Payload = payload;
        _eventName = eventName;
        _maxDepth = maxDepth;
        Attachments = attachments ?? NoAttachments;
    }

    /// <summary>
    /// A copy that owns its header and payload memory (<paramref name="attachments"/> are taken as they are), for a
    /// packet that outlives the message it was read from.
    /// </summary>
    /// <param name="attachments">The attachments, in placeholder order.</param>
    internal SocketIoPacket Detach(IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var copy = new SocketIoPacket();
        copy.Reset(Type, _namespace.ToArray(), AckId, Payload.ToArray(), _eventName, _maxDepth, attachments);
        return copy;
    }

    /// <summary>
    /// Writes the event name (a string unescaped, a number as written) into <paramref name="destination"/>, which
    /// holds at least <see cref="EventNameMaxLength"/> characters, without allocating; returns how many were written.
    /// </summary>
    /// <param name="destination">Where to write.</param>
    public int CopyEventName(Span<char> destination)
    {
        if (_eventName is not { } name)
        {
            throw new InvalidOperationException("The packet has no event name.");
        }

        var raw = Payload.Span.Slice(name.Start, name.Length);
        if (!name.IsEscaped)
        {
            return Encoding.UTF8.GetChars(raw, destination);
        }

        // The payload was validated: its name is a string without lone surrogates.
        var reader = new Utf8JsonReader(Payload.Span[(name.Start - 1)..], new JsonReaderOptions { MaxDepth = _maxDepth });
        reader.Read();
        return reader.CopyString(destination);
    }

    /// <summary>The event name as a new string (a number as written).</summary>
    public string GetEventName()
    {
        var length = EventNameMaxLength;
        var rented = ArrayPool<char>.Shared.Rent(length);
        try
        {
            return new string(rented, 0, CopyEventName(rented));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
