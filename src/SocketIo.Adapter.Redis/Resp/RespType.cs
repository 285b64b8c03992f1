namespace SocketIo.Adapter.Redis.Resp;

/// <summary>The kind of a <see cref="RespValue"/>: RESP2's five types and RESP3's additions.</summary>
/// <remarks>RESP2's null bulk string (<c>$-1</c>) and null array (<c>*-1</c>) are both <see cref="Null"/>, as in RESP3.</remarks>
internal enum RespType : byte
{
    /// <summary><c>+</c>: a short text without line breaks.</summary>
    SimpleString,

    /// <summary><c>-</c>: an error reply.</summary>
    Error,

    /// <summary><c>:</c>: a signed 64-bit integer.</summary>
    Integer,

    /// <summary><c>$</c>: a binary-safe string.</summary>
    BulkString,

    /// <summary><c>*</c>: an ordered list of values.</summary>
    Array,

    /// <summary><c>_</c> (RESP3), <c>$-1</c> or <c>*-1</c> (RESP2): no value.</summary>
    Null,

    /// <summary><c>#</c> (RESP3): true or false.</summary>
    Boolean,

    /// <summary><c>,</c> (RESP3): a double, including infinities and NaN.</summary>
    Double,

    /// <summary><c>(</c> (RESP3): an integer of any size, kept as its decimal text.</summary>
    BigNumber,

    /// <summary><c>!</c> (RESP3): an error reply that may contain line breaks.</summary>
    BulkError,

    /// <summary><c>=</c> (RESP3): a string with a format hint (<c>txt</c>, <c>mkd</c>); the hint is dropped.</summary>
    VerbatimString,

    /// <summary><c>%</c> (RESP3): key/value pairs, kept flattened as key, value, key, value.</summary>
    Map,

    /// <summary><c>~</c> (RESP3): an unordered collection.</summary>
    Set,

    /// <summary><c>&gt;</c> (RESP3): out-of-band data (pub/sub messages, confirmations) rather than a reply.</summary>
    Push,
}
