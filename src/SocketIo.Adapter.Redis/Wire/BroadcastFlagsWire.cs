using System.Text.Json;
using SocketIo.Server.Adapters;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// A broadcast's <c>flags</c> object as socket.io's broadcast operator fills it: only the flags that are set
/// (<c>volatile</c>, <c>compress</c>, <c>expectSingleResponse</c>, <c>timeout</c> in milliseconds), never <c>local</c>
/// (local operations are not published). Unknown keys (legacy <c>broadcast</c>, <c>binary</c>) are ignored on receipt.
/// </summary>
internal static class BroadcastFlagsWire
{
    // setTimeout's limit: Node fires a longer timeout at once, a shorter wait is the closest sensible reading.
    private const double MaxTimeoutMilliseconds = int.MaxValue;

    /// <summary>The number of keys <see cref="Write(Utf8JsonWriter, BroadcastFlags)"/> writes.</summary>
    public static int Count(BroadcastFlags flags) =>
        (flags.Volatile ? 1 : 0) + (flags.Compress.HasValue ? 1 : 0) + (flags.ExpectSingleResponse ? 1 : 0) + (flags.Timeout.HasValue ? 1 : 0);

    /// <summary>Writes the flags object as JSON.</summary>
    public static void Write(Utf8JsonWriter writer, BroadcastFlags flags)
    {
        writer.WriteStartObject();
        if (flags.Volatile)
        {
            writer.WriteBoolean("volatile", true);
        }

        if (flags.Compress is { } compress)
        {
            writer.WriteBoolean("compress", compress);
        }

        if (flags.ExpectSingleResponse)
        {
            writer.WriteBoolean("expectSingleResponse", true);
        }

        if (flags.Timeout is { } timeout)
        {
            writer.WritePropertyName("timeout");
            WireNumbers.Write(writer, timeout.TotalMilliseconds);
        }

        writer.WriteEndObject();
    }

    /// <summary>The flags object as a MessagePack tree (a map in the same key order as the JSON).</summary>
    public static Dictionary<string, object?> ToTree(BroadcastFlags flags)
    {
        var tree = new Dictionary<string, object?>(Count(flags), StringComparer.Ordinal);
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
            tree["timeout"] = WireNumbers.ToTree(timeout.TotalMilliseconds);
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
