namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// The default parser's decoder (the reference's <c>Decoder</c>): a text message is a packet; a BINARY_EVENT or
/// BINARY_ACK header makes it wait for that many binary messages.
/// </summary>
internal sealed class JsonPacketDecoder : ISocketIoPacketDecoder
{
    private readonly JsonSocketIoParserOptions _options;
    private readonly SocketIoPacket _packet = new();
    private SocketIoPacket? _pending;
    private ReadOnlyMemory<byte>[]? _attachments;
    private int _received;
    private int _skipping;

    /// <summary>Creates a decoder.</summary>
    /// <param name="options">The limits to apply.</param>
    public JsonPacketDecoder(JsonSocketIoParserOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Whether a binary packet is waiting for attachments.</summary>
    public bool IsReconstructing => _pending is not null;

    /// <inheritdoc />
    public bool ExpectsAttachment => _pending is not null || _skipping > 0;

    /// <inheritdoc />
    public SocketIoPacket? Add(ReadOnlyMemory<byte> data, bool isBinary)
    {
        if (_skipping > 0)
        {
            if (!isBinary)
            {
                throw new SocketIoParseException("got plaintext data when reconstructing a packet");
            }

            _skipping--;
            return null;
        }

        return isBinary ? AddAttachment(data.Span) : AddText(data);
    }

    /// <inheritdoc />
    public void Skip(ReadOnlySpan<byte> data, bool isBinary)
    {
        if (ExpectsAttachment)
        {
            throw new InvalidOperationException("Only a message that starts a packet can be skipped.");
        }

        if (isBinary)
        {
            throw new SocketIoParseException("got binary data when not reconstructing a packet");
        }

        _skipping = JsonPacketText.AttachmentCountOf(data, _options);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _pending = null;
        _attachments = null;
        _received = 0;
        _skipping = 0;
    }

    private SocketIoPacket? AddText(ReadOnlyMemory<byte> text)
    {
        if (_pending is not null)
        {
            throw new SocketIoParseException("got plaintext data when reconstructing a packet");
        }

        JsonPacketText.Decode(text, _options, _packet, out var attachmentCount);
        if (attachmentCount == 0)
        {
            return _packet;
        }

        // The header must outlive this message: the packet completes with a later one.
        _attachments = new ReadOnlyMemory<byte>[attachmentCount];
        _pending = _packet.Detach(_attachments);
        _received = 0;
        return null;
    }

    private SocketIoPacket? AddAttachment(ReadOnlySpan<byte> bytes)
    {
        if (_pending is not { } pending || _attachments is not { } attachments)
        {
            throw new SocketIoParseException("got binary data when not reconstructing a packet");
        }

        // The engine lends its buffer only for the duration of the call.
        attachments[_received++] = bytes.ToArray();
        if (_received < attachments.Length)
        {
            return null;
        }

        Reset();
        return pending;
    }
}
