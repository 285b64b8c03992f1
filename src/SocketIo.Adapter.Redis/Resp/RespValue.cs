using System.Globalization;
using System.Text;

namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// One RESP2/RESP3 value: a reply, or a pushed frame. A small struct so integer and simple replies cost no allocation.
/// </summary>
/// <remarks>
/// Values handed to a connection's frame filter are <em>borrowed</em>: their bytes may point into the connection's
/// receive buffer and are only valid during that call. Replies completing a command were <see cref="Detach"/>ed, so
/// they own their bytes. Maps are kept flattened (key, value, key, value...) in <see cref="Items"/>.
/// </remarks>
internal readonly struct RespValue
{
    private readonly long _number;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly RespValue[]? _items;

    private RespValue(RespType type, long number, ReadOnlyMemory<byte> bytes, RespValue[]? items)
    {
        Type = type;
        _number = number;
        _bytes = bytes;
        _items = items;
    }

    /// <summary>The null value (RESP3 <c>_</c>, RESP2 <c>$-1</c> / <c>*-1</c>).</summary>
    public static RespValue Null => new(RespType.Null, 0, default, null);

    /// <summary>The value's kind.</summary>
    public RespType Type { get; }

    /// <summary>Whether this is <see cref="RespType.Null"/>.</summary>
    public bool IsNull => Type == RespType.Null;

    /// <summary>Whether this is an error reply (<see cref="RespType.Error"/> or <see cref="RespType.BulkError"/>).</summary>
    public bool IsError => Type is RespType.Error or RespType.BulkError;

    /// <summary>Whether this holds bytes (strings, errors, big numbers).</summary>
    public bool IsText => Type is RespType.SimpleString or RespType.Error or RespType.BulkString
        or RespType.BigNumber or RespType.BulkError or RespType.VerbatimString;

    /// <summary>Whether this holds <see cref="Items"/> (array, map, set, push).</summary>
    public bool IsAggregate => Type is RespType.Array or RespType.Map or RespType.Set or RespType.Push;

    /// <summary>The integer of an <see cref="RespType.Integer"/>.</summary>
    public long Integer => Type == RespType.Integer ? _number : throw WrongType(RespType.Integer);

    /// <summary>The value of a <see cref="RespType.Boolean"/>.</summary>
    public bool Boolean => Type == RespType.Boolean ? _number != 0 : throw WrongType(RespType.Boolean);

    /// <summary>The value of a <see cref="RespType.Double"/>.</summary>
    public double Double => Type == RespType.Double ? BitConverter.Int64BitsToDouble(_number) : throw WrongType(RespType.Double);

    /// <summary>The bytes of a string, error or big number (empty for other kinds).</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>The elements of an aggregate (empty for other kinds); a map's keys and values alternate.</summary>
    public ReadOnlySpan<RespValue> Items => _items;

    /// <summary>The number of <see cref="Items"/>.</summary>
    public int Count => _items?.Length ?? 0;

    /// <summary>An element of an aggregate.</summary>
    /// <param name="index">Its position in <see cref="Items"/>.</param>
    public RespValue this[int index] => (_items ?? [])[index];

    /// <summary>Creates a text-like value.</summary>
    /// <param name="type">One of the kinds for which <see cref="IsText"/> holds.</param>
    /// <param name="bytes">Its bytes.</param>
    public static RespValue FromBytes(RespType type, ReadOnlyMemory<byte> bytes) => new(type, 0, bytes, null);

    /// <summary>Creates an <see cref="RespType.Integer"/>.</summary>
    /// <param name="value">The integer.</param>
    public static RespValue FromInteger(long value) => new(RespType.Integer, value, default, null);

    /// <summary>Creates a <see cref="RespType.Boolean"/>.</summary>
    /// <param name="value">The boolean.</param>
    public static RespValue FromBoolean(bool value) => new(RespType.Boolean, value ? 1 : 0, default, null);

    /// <summary>Creates a <see cref="RespType.Double"/>.</summary>
    /// <param name="value">The double.</param>
    public static RespValue FromDouble(double value) => new(RespType.Double, BitConverter.DoubleToInt64Bits(value), default, null);

    /// <summary>Creates an aggregate.</summary>
    /// <param name="type">Array, map (flattened), set or push.</param>
    /// <param name="items">Its elements (kept, not copied).</param>
    public static RespValue FromItems(RespType type, RespValue[] items) => new(type, 0, default, items);

    /// <summary>Whether this is a text-like value whose bytes equal <paramref name="text"/>.</summary>
    /// <param name="text">The expected bytes, e.g. a <c>u8</c> literal.</param>
    public bool TextEquals(ReadOnlySpan<byte> text) => IsText && _bytes.Span.SequenceEqual(text);

    /// <summary>The value as text: strings and errors decoded as UTF-8, numbers and booleans formatted, null as null.</summary>
    /// <exception cref="InvalidOperationException">An aggregate.</exception>
    public string? AsString() => Type switch
    {
        RespType.Null => null,
        RespType.Integer => _number.ToString(CultureInfo.InvariantCulture),
        RespType.Boolean => _number != 0 ? "true" : "false",
        RespType.Double => Double.ToString("R", CultureInfo.InvariantCulture),
        _ when IsText => Encoding.UTF8.GetString(_bytes.Span),
        _ => throw new InvalidOperationException($"A RESP {Type} has no text form."),
    };

    /// <summary>A copy owning all its bytes, so it outlives the receive buffer it was read from.</summary>
    public RespValue Detach()
    {
        if (_items is not null)
        {
            var items = _items.Length == 0 ? _items : new RespValue[_items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = _items[i].Detach();
            }

            return new RespValue(Type, _number, default, items);
        }

        return _bytes.IsEmpty ? this : new RespValue(Type, _number, _bytes.ToArray(), null);
    }

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        _ when IsAggregate => $"{Type}[{string.Join(", ", _items!.Select(static item => item.ToString()))}]",
        RespType.Null => "(null)",
        _ => $"{Type}({AsString()})",
    };

    private InvalidOperationException WrongType(RespType expected) =>
        new($"Expected a RESP {expected}, got {Type}: {this}.");
}
