using SocketIo.Server.Adapters;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// A broadcast's <c>flags</c> object as socket.io's broadcast operator fills it: only the flags that are set
/// (<c>volatile</c>, <c>compress</c>, <c>expectSingleResponse</c>, <c>timeout</c> in milliseconds), never <c>local</c>
/// (local operations are not published). Unknown keys (legacy <c>broadcast</c>, <c>binary</c>) are ignored on receipt.
/// </summary>
internal static class BroadcastFlagsWire
{
    // setTimeout's limit (about 24.8 days); Node would fire a longer one at once, waiting the longest it can is saner.
    private const double MaxTimeoutMilliseconds = int.MaxValue;

    /// <summary>The flags object as a tree, for JSON and MessagePack alike.</summary>
    public static Dictionary<string, object?> ToTree(BroadcastFlags flags)
    {
        var tree = new Dictionary<string, object?>(4, StringComparer.Ordinal);
        if (flags.Volatile)
        {
            tree["volatile"] = true;
        }

        if (flags.Compress is { } compress)
        {
            tree["compress"] = compress;
        }

        if (flags.ExpectSingleResponse)
        {
            tree["expectSingleResponse"] = true;
        }

        if (flags.Timeout is { } timeout)
        {
            // notepack.io writes an integral number as an integer; JSON prints it without a fraction either way.
            var milliseconds = timeout.TotalMilliseconds;
            tree["timeout"] = milliseconds == Math.Floor(milliseconds) ? (long)milliseconds : milliseconds;
        }

        return tree;
    }

    /// <summary>Reads a received flags object; null or undefined is no flags. False when it is not an object.</summary>
    public static bool TryRead(WireValue value, out BroadcastFlags flags)
    {
        flags = default;
        if (value.IsNullOrUndefined)
        {
            return true;
        }

        if (!value.IsObject)
        {
            return false;
        }

        var isVolatile = value.TryGetProperty("volatile", out var volatileValue) && volatileValue.TryGetBoolean(out var v) && v;
        bool? compress = value.TryGetProperty("compress", out var compressValue) && compressValue.TryGetBoolean(out var c) ? c : null;
        var single = value.TryGetProperty("expectSingleResponse", out var singleValue) && singleValue.TryGetBoolean(out var s) && s;
        TimeSpan? timeout = null;
        if (value.TryGetProperty("timeout", out var timeoutValue) && timeoutValue.TryGetNumber(out var milliseconds))
        {
            timeout = TimeSpan.FromMilliseconds(Math.Clamp(milliseconds, 0, MaxTimeoutMilliseconds));
        }

        flags = new BroadcastFlags { Volatile = isVolatile, Compress = compress, ExpectSingleResponse = single, Timeout = timeout };
        return true;
    }
}
