using System.Text.Json;
using System.Text.Unicode;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Validates a packet payload in one forward pass of <see cref="Utf8JsonReader"/>, building nothing: well-formed
/// UTF-8 JSON of one value, no deeper than the limit, the shape its type requires (the reference's
/// <c>isPayloadValid</c>), no lone surrogate escape in a property name, and for an EVENT where its name sits.
/// </summary>
internal static class JsonPayloadScan
{
    private const int StackFrames = 128;

    /// <summary>Throws unless <paramref name="json"/> is a valid payload for <paramref name="type"/>.</summary>
    /// <param name="json">The payload text, not empty.</param>
    /// <param name="type">The packet type as written on the wire.</param>
    /// <param name="maxDepth">The deepest nesting allowed.</param>
    /// <param name="attachmentCount">
    /// For a binary packet, how many attachments it announced: every object marked <c>_placeholder: true</c> must
    /// name one of them (like the reference, nothing inside a placeholder is looked at); 0 checks no placeholders.
    /// </param>
    /// <returns>For an EVENT, where its name is; otherwise null.</returns>
    /// <exception cref="SocketIoParseException">The payload is invalid.</exception>
    public static EventNameToken? Validate(ReadOnlySpan<byte> json, SocketIoPacketType type, int maxDepth, int attachmentCount = 0)
    {
        // Whitespace before the JSON would be the reference's ack id 0 (Number(" ") is 0): refuse that oddity.
        if (type == SocketIoPacketType.Disconnect || IsJsonWhitespace(json[0]) || !Utf8.IsValid(json))
        {
            throw Invalid();
        }

        var isEvent = type is SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent;
        EventNameToken? name = null;
        JsonTokenType root;
        var validName = false;
        var placeholders = new PlaceholderCheck(
            attachmentCount,
            attachmentCount == 0 ? [] : maxDepth < StackFrames ? stackalloc PlaceholderCheck.Frame[StackFrames] : new PlaceholderCheck.Frame[maxDepth + 1]);
        scoped var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            reader.Read();
            root = reader.TokenType;
            if (root is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                placeholders.Read(ref reader);
                var first = true;
                while (Next(ref reader))
                {
                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        // A name System.Text.Json cannot read would make every lookup in its object throw; lone
                        // surrogates in string values are kept (JS sends them, e.g. from text cut inside an emoji)
                        // and fail only a binding to string.
                        if (reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan))
                        {
                            throw Invalid();
                        }
                    }
                    else if (first && isEvent && reader.CurrentDepth == 1 && root == JsonTokenType.StartArray)
                    {
                        first = false;
                        (validName, name) = ReadEventName(ref reader);
                    }

                    // After the name check: a lone surrogate name makes the reader's comparisons throw.
                    placeholders.Read(ref reader);
                }

                placeholders.Read(ref reader);
            }

            if (reader.Read())
            {
                throw Invalid();
            }
        }
        catch (JsonException e)
        {
            throw new SocketIoParseException("invalid payload", e);
        }

        var valid = type switch
        {
            SocketIoPacketType.Connect => root == JsonTokenType.StartObject,
            SocketIoPacketType.ConnectError => root is JsonTokenType.StartObject or JsonTokenType.String,
            SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent => validName,
            SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck => root == JsonTokenType.StartArray,
            _ => false,
        };
        if (!valid)
        {
            throw Invalid();
        }

        return placeholders.Failed ? throw new SocketIoParseException("illegal attachments") : name;
    }

    /// <summary>Reads the next token of the root container; false once its end is read.</summary>
    private static bool Next(ref Utf8JsonReader reader)
    {
        // With the whole text final, the reader throws rather than run out inside a value.
        if (!reader.Read())
        {
            throw Invalid();
        }

        return reader.CurrentDepth > 0;
    }

    private static (bool Valid, EventNameToken? Name) ReadEventName(ref Utf8JsonReader reader)
    {
        var start = checked((int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return (true, new EventNameToken(start, reader.ValueSpan.Length, IsEscaped: false));
            case JsonTokenType.String:
                // A name with a lone surrogate escape is valid JS but no .NET string: refused rather than left to
                // fail later.
                var valid = !(reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan))
                    && !IsReservedEventName(ref reader);
                return (valid, new EventNameToken(start + 1, reader.ValueSpan.Length, reader.ValueIsEscaped));
            default:
                return (false, null);
        }
    }

    /// <summary>The names a client may not emit: they have a meaning of their own on the server or in Node's EventEmitter.</summary>
    private static bool IsReservedEventName(ref Utf8JsonReader name) =>
        name.ValueTextEquals("connect"u8)
        || name.ValueTextEquals("connect_error"u8)
        || name.ValueTextEquals("disconnect"u8)
        || name.ValueTextEquals("disconnecting"u8)
        || name.ValueTextEquals("newListener"u8)
        || name.ValueTextEquals("removeListener"u8);

    private static SocketIoParseException Invalid() => new("invalid payload");

    private static bool IsJsonWhitespace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    /// <summary>
    /// The reference's placeholder rule, followed token by token: an object is a placeholder when its last
    /// <c>_placeholder</c> is <c>true</c>, and then its last <c>num</c> must be a number that is an integer index of an
    /// attachment (read as a double, as <c>JSON.parse</c> does: <c>1.0</c> and <c>1e0</c> name attachment 1).
    /// </summary>
    private ref struct PlaceholderCheck
    {
        private readonly int _attachmentCount;
        private readonly Span<Frame> _frames;
        private int _depth;

        public PlaceholderCheck(int attachmentCount, Span<Frame> frames)
        {
            _attachmentCount = attachmentCount;
            _frames = frames;
        }

        /// <summary>Whether some placeholder names no attachment.</summary>
        public bool Failed { get; private set; }

        /// <summary>Takes the reader's current token into account.</summary>
        public void Read(scoped ref Utf8JsonReader reader)
        {
            if (_attachmentCount == 0)
            {
                return;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    SetMember(ref reader);
                    _frames[_depth++] = new Frame { IsObject = reader.TokenType == JsonTokenType.StartObject };
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    var frame = _frames[--_depth];
                    var failed = frame.IsObject && frame.Marked ? !frame.NumIsIndex : frame.NestedFailure;
                    if (failed)
                    {
                        if (_depth > 0)
                        {
                            _frames[_depth - 1].NestedFailure = true;
                        }
                        else
                        {
                            Failed = true;
                        }
                    }

                    break;
                case JsonTokenType.PropertyName:
                    ref var owner = ref _frames[_depth - 1];
                    owner.Member = reader.ValueTextEquals("_placeholder"u8) ? Member.Placeholder
                        : reader.ValueTextEquals("num"u8) ? Member.Num
                        : Member.Other;
                    break;
                default:
                    SetMember(ref reader);
                    break;
            }
        }

        /// <summary>A value starts: if it is the value of <c>_placeholder</c> or <c>num</c>, it replaces the last one.</summary>
        private void SetMember(scoped ref Utf8JsonReader reader)
        {
            if (_depth == 0 || !_frames[_depth - 1].IsObject)
            {
                return;
            }

            ref var owner = ref _frames[_depth - 1];
            switch (owner.Member)
            {
                case Member.Placeholder:
                    owner.Marked = reader.TokenType == JsonTokenType.True;
                    break;
                case Member.Num:
                    owner.NumIsIndex = reader.TokenType == JsonTokenType.Number && IsIndex(ref reader);
                    break;
            }

            owner.Member = Member.Other;
        }

        private readonly bool IsIndex(scoped ref Utf8JsonReader reader) =>
            reader.TryGetDouble(out var value) && value >= 0 && value < _attachmentCount && Math.Floor(value) == value;

        /// <summary>One open array or object.</summary>
        internal struct Frame
        {
            public bool IsObject;
            public bool Marked;
            public bool NumIsIndex;
            public bool NestedFailure;
            public Member Member;
        }
    }

    /// <summary>Which member of an object the next value belongs to.</summary>
    private enum Member : byte
    {
        Other,
        Placeholder,
        Num,
    }
}
