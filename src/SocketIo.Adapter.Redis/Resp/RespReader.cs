using System.Buffers;
using System.Buffers.Text;
using System.Globalization;

namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// Reads RESP2 and RESP3 frames from received bytes. A frame that is not complete yet is left unread; bytes that are
/// not RESP, and frames beyond the limits below, throw <see cref="RespProtocolException"/>.
/// </summary>
/// <remarks>
/// Bulk payloads are borrowed from the buffer when they lie in one segment (see <see cref="RespValue"/>). Nothing is
/// allocated for an aggregate until the buffer holds at least its minimal encoded size, so a hostile length cannot
/// make the client reserve memory the server never sent. Attributes (<c>|</c>) are read and dropped. RESP3 streamed
/// strings and aggregates (<c>$?</c>, <c>*?</c>) are not supported: Redis does not send them.
/// </remarks>
internal static class RespReader
{
    /// <summary>The longest bulk string accepted: Redis' own 512 MB cap.</summary>
    public const long MaxBulkLength = 512L * 1024 * 1024;

    /// <summary>The most elements accepted in one aggregate (a map's keys and values counted separately).</summary>
    public const int MaxAggregateLength = 1 << 24;

    /// <summary>How deeply aggregates may nest.</summary>
    public const int MaxDepth = 32;

    /// <summary>The longest simple string, error or number line accepted.</summary>
    public const int MaxLineLength = 64 * 1024;

    private const int MaxNumberLength = 64;

    // The smallest encoded value is three bytes ("_\r\n", "+\r\n").
    private const int MinEncodedValueLength = 3;

    /// <summary>Reads one frame if the reader holds all of it.</summary>
    /// <param name="reader">Advanced past the frame on success; unchanged otherwise.</param>
    /// <param name="value">The frame, its bytes possibly borrowed from the reader's buffer.</param>
    /// <returns>False when more bytes are needed.</returns>
    /// <exception cref="RespProtocolException">The bytes are not valid RESP or exceed a limit.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, out RespValue value)
    {
        var probe = reader;
        var reservable = reader.Remaining / MinEncodedValueLength;
        if (!TryReadValue(ref probe, 0, ref reservable, out value))
        {
            value = default;
            return false;
        }

        reader = probe;
        return true;
    }

    private static bool TryReadValue(ref SequenceReader<byte> reader, int depth, ref long reservable, out RespValue value)
    {
        value = default;
        while (true)
        {
            if (!reader.TryRead(out var marker))
            {
                return false;
            }

            switch (marker)
            {
                case (byte)'+':
                    return TryReadLineValue(ref reader, RespType.SimpleString, out value);
                case (byte)'-':
                    return TryReadLineValue(ref reader, RespType.Error, out value);
                case (byte)':':
                    return TryReadInteger(ref reader, out value);
                case (byte)'$':
                    return TryReadBulk(ref reader, RespType.BulkString, out value);
                case (byte)'!':
                    return TryReadBulk(ref reader, RespType.BulkError, out value);
                case (byte)'=':
                    return TryReadBulk(ref reader, RespType.VerbatimString, out value);
                case (byte)'*':
                    return TryReadAggregate(ref reader, RespType.Array, depth, ref reservable, out value);
                case (byte)'~':
                    return TryReadAggregate(ref reader, RespType.Set, depth, ref reservable, out value);
                case (byte)'>':
                    return TryReadAggregate(ref reader, RespType.Push, depth, ref reservable, out value);
                case (byte)'%':
                    return TryReadAggregate(ref reader, RespType.Map, depth, ref reservable, out value);
                case (byte)'_':
                    return TryReadNull(ref reader, out value);
                case (byte)'#':
                    return TryReadBoolean(ref reader, out value);
                case (byte)',':
                    return TryReadDouble(ref reader, out value);
                case (byte)'(':
                    return TryReadBigNumber(ref reader, out value);
                case (byte)'|':
                    // An attribute annotates the value that follows it; we have no use for it.
                    if (!TryReadAggregate(ref reader, RespType.Map, depth, ref reservable, out _))
                    {
                        return false;
                    }

                    continue;
                default:
                    throw Malformed($"unknown type byte 0x{marker:X2}");
            }
        }
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\r', advancePastDelimiter: true))
        {
            if (reader.Remaining > MaxLineLength)
            {
                throw Malformed($"a line longer than {MaxLineLength} bytes");
            }

            return false;
        }

        if (line.Length > MaxLineLength)
        {
            throw Malformed($"a line longer than {MaxLineLength} bytes");
        }

        if (!reader.TryRead(out var lineFeed))
        {
            return false;
        }

        return lineFeed == (byte)'\n' ? true : throw Malformed("CR not followed by LF");
    }

    private static bool TryReadLineValue(ref SequenceReader<byte> reader, RespType type, out RespValue value)
    {
        value = default;
        if (!TryReadLine(ref reader, out var line))
        {
            return false;
        }

        value = RespValue.FromBytes(type, Borrow(line));
        return true;
    }

    private static bool TryReadInteger(ref SequenceReader<byte> reader, out RespValue value)
    {
        value = default;
        if (!TryReadLine(ref reader, out var line))
        {
            return false;
        }

        value = RespValue.FromInteger(ParseInteger(line, "integer"));
        return true;
    }

    private static bool TryReadNull(ref SequenceReader<byte> reader, out RespValue value)
    {
        value = default;
        if (!TryReadLine(ref reader, out var line))
        {
            return false;
        }

        value = line.IsEmpty ? RespValue.Null : throw Malformed("a null with content");
        return true;
    }

    private static bool TryReadBoolean(ref SequenceReader<byte> reader, out RespValue value)
    {
        value = default;
        if (!TryReadLine(ref reader, out var line))
        {
            return false;
        }

        var text = line.Length == 1 ? line.FirstSpan[0] : (byte)0;
        value = text switch
        {
            (byte)'t' => RespValue.FromBoolean(true),
            (byte)'f' => RespValue.FromBoolean(false),
            _ => throw Malformed("a boolean other than t or f"),
        };
        return true;
    }

    private static bool TryReadDouble(ref SequenceReader<byte> reader, out RespValue value)
    {
        value = default;
        if (!TryReadLine(ref reader, out var line))
        {
            return false;
        }

        Span<byte> scratch = stackalloc byte[MaxNumberLength];
        var text = Flatten(line, scratch, "double");
        double number;
        if (text.SequenceEqual("inf"u8) || text.SequenceEqual("+inf"u8))
        {
            number = double.PositiveInfinity;
        }
        else if (text.SequenceEqual("-inf"u8))
        {
            number = double.NegativeInfinity;
        }
        else if (text.SequenceEqual("nan"u8) || text.SequenceEqual("-nan"u8))
        {
            number = double.NaN;
        }
        else if (text.IsEmpty || !double.TryParse(
            text,
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture,
            out number))
        {
            throw Malformed("an invalid double");
        }

        value = RespValue.FromDouble(number);
        return true;
    }

    private static bool TryReadBigNumber(ref SequenceReader<byte> reader, out RespValue value)
    {
        value = default;
        if (!TryReadLine(ref reader, out var line))
        {
            return false;
        }

        var digits = Borrow(line);
        var span = digits.Span;
        var start = span.Length > 0 && span[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        if (span.Length == start || span[start..].ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            throw Malformed("an invalid big number");
        }

        value = RespValue.FromBytes(RespType.BigNumber, digits);
        return true;
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, RespType type, out RespValue value)
    {
        value = default;
        if (!TryReadLine(ref reader, out var line))
        {
            return false;
        }

        var length = ParseInteger(line, "length");
        if (length == -1 && type == RespType.BulkString)
        {
            value = RespValue.Null;
            return true;
        }

        if (length is < 0 or > MaxBulkLength)
        {
            throw Malformed($"a {type} length of {length}");
        }

        if (reader.Remaining < length + 2)
        {
            return false;
        }

        var payload = Borrow(reader.UnreadSequence.Slice(0, length));
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw Malformed($"a {type} not followed by CRLF");
        }

        if (type == RespType.VerbatimString)
        {
            // "txt:" or "mkd:" precedes the text.
            payload = payload.Length >= 4 && payload.Span[3] == (byte)':' ? payload[4..] : throw Malformed("a verbatim string without its format");
        }

        value = RespValue.FromBytes(type, payload);
        return true;
    }

    private static bool TryReadAggregate(ref SequenceReader<byte> reader, RespType type, int depth, ref long reservable, out RespValue value)
    {
        value = default;
        if (!TryReadLine(ref reader, out var line))
        {
            return false;
        }

        var count = ParseInteger(line, "length");
        if (count == -1 && type == RespType.Array)
        {
            value = RespValue.Null;
            return true;
        }

        // Checked before doubling: a map (or attribute) of 2^62 pairs would overflow to a negative length.
        var perEntry = type == RespType.Map ? 2 : 1;
        if (count < 0 || count > MaxAggregateLength / perEntry)
        {
            throw Malformed($"a {type} length of {count}");
        }

        var elements = count * perEntry;
        if (depth >= MaxDepth)
        {
            throw Malformed($"aggregates nested deeper than {MaxDepth} levels");
        }

        if (reader.Remaining < elements * MinEncodedValueLength)
        {
            return false;
        }

        // Room for the items is reserved up front only within what the whole buffer could hold: every level of a nest
        // may announce as many items as the bytes after it, and reserving each would cost the depth times the buffer
        // (again on every read while the frame is incomplete). Beyond that, items are kept as they arrive.
        RespValue[] items;
        if (elements <= reservable)
        {
            reservable -= elements;
            items = elements == 0 ? [] : new RespValue[elements];
            for (var i = 0; i < items.Length; i++)
            {
                if (!TryReadValue(ref reader, depth + 1, ref reservable, out items[i]))
                {
                    return false;
                }
            }
        }
        else
        {
            var arrived = new List<RespValue>();
            for (long i = 0; i < elements; i++)
            {
                if (!TryReadValue(ref reader, depth + 1, ref reservable, out var item))
                {
                    return false;
                }

                arrived.Add(item);
            }

            items = [.. arrived];
        }

        value = RespValue.FromItems(type, items);
        return true;
    }

    private static long ParseInteger(in ReadOnlySequence<byte> line, string what)
    {
        Span<byte> scratch = stackalloc byte[MaxNumberLength];
        var text = Flatten(line, scratch, what);
        return !text.IsEmpty && Utf8Parser.TryParse(text, out long number, out var consumed) && consumed == text.Length
            ? number
            : throw Malformed($"an invalid {what}");
    }

    private static ReadOnlySpan<byte> Flatten(in ReadOnlySequence<byte> line, Span<byte> scratch, string what)
    {
        if (line.IsSingleSegment)
        {
            return line.FirstSpan;
        }

        if (line.Length > scratch.Length)
        {
            throw Malformed($"an invalid {what}");
        }

        line.CopyTo(scratch);
        return scratch[..(int)line.Length];
    }

    private static ReadOnlyMemory<byte> Borrow(in ReadOnlySequence<byte> bytes) =>
        bytes.IsSingleSegment ? bytes.First : bytes.ToArray();

    private static RespProtocolException Malformed(string what) => new($"Invalid RESP from the server: {what}.");
}
