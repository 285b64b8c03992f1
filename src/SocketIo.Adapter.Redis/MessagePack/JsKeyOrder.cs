namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// The order JS enumerates an object's keys in: array-index keys first, ascending, then the others in insertion
/// order. notepack writes a JS object's keys in that order, and reading into a JS object reorders them so.
/// </summary>
internal static class JsKeyOrder
{
    /// <summary>The map in JS order; the same instance when it already is.</summary>
    /// <param name="map">Entries in insertion order.</param>
    public static Dictionary<string, object?> Apply(Dictionary<string, object?> map)
    {
        List<(uint Index, string Key)>? indexKeys = null;
        var ordered = true;
        var seenOther = false;
        uint last = 0;
        foreach (var key in map.Keys)
        {
            if (!JsPropertyKey.IsArrayIndex(key, out var index))
            {
                seenOther = true;
                continue;
            }

            ordered &= !seenOther && (indexKeys is null || index > last);
            last = index;
            (indexKeys ??= []).Add((index, key));
        }

        if (indexKeys is null || ordered)
        {
            return map;
        }

        indexKeys.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        var result = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
        foreach (var (_, key) in indexKeys)
        {
            result[key] = map[key];
        }

        foreach (var (key, value) in map)
        {
            result.TryAdd(key, value);
        }

        return result;
    }

    /// <summary>Sorts entries into JS order in place (stable for the keys that are not array indexes).</summary>
    /// <param name="entries">The entries.</param>
    public static void Apply(Span<MapEntry> entries)
    {
        var needed = false;
        foreach (ref readonly var entry in entries)
        {
            needed |= JsPropertyKey.IsArrayIndex(entry.Key, out _);
        }

        if (!needed)
        {
            return;
        }

        var keyed = new (bool IsIndex, uint Index, int Position, MapEntry Entry)[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var isIndex = JsPropertyKey.IsArrayIndex(entries[i].Key, out var index);
            keyed[i] = (isIndex, index, i, entries[i]);
        }

        Array.Sort(keyed, static (a, b) => (a.IsIndex, b.IsIndex) switch
        {
            (true, true) => a.Index.CompareTo(b.Index),
            (true, false) => -1,
            (false, true) => 1,
            _ => a.Position.CompareTo(b.Position),
        });
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = keyed[i].Entry;
        }
    }
}
