using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;

namespace SocketIo.Server.Engine;

/// <summary>
/// A session's copy of its opening request's headers or query parameters: one array searched in order. A request
/// has a dozen of them, read a few times at most, and every idle connection keeps its copy, so an array costs less
/// than a hash table and is no slower at that size.
/// </summary>
internal sealed class RequestFieldSnapshot : IReadOnlyDictionary<string, StringValues>
{
    // The query of every Engine.IO request names these: parsing makes new strings of them per request, and a session
    // would keep each copy for its lifetime.
    private static readonly string[] CommonTexts = ["EIO", "4", "transport", "websocket", "polling", "sid", "t", "j"];

    private readonly KeyValuePair<string, StringValues>[] _fields;
    private readonly StringComparer _comparer;

    private RequestFieldSnapshot(KeyValuePair<string, StringValues>[] fields, StringComparer comparer)
    {
        _fields = fields;
        _comparer = comparer;
    }

    public int Count => _fields.Length;

    public IEnumerable<string> Keys => _fields.Select(static pair => pair.Key);

    public IEnumerable<StringValues> Values => _fields.Select(static pair => pair.Value);

    public StringValues this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No field '{key}'.");

    /// <summary>
    /// Copies <paramref name="source"/>; a later field with the same name replaces an earlier one. With
    /// <paramref name="shared"/>, single values other than credentials are shared with earlier requests that had
    /// the same.
    /// </summary>
    public static RequestFieldSnapshot Copy(IEnumerable<KeyValuePair<string, StringValues>> source, int count, StringComparer comparer, RecentTexts? shared = null)
    {
        var fields = new KeyValuePair<string, StringValues>[count];
        var length = 0;
        foreach (var pair in source)
        {
            var value = pair.Value;
            if (value.Count == 1 && value[0] is { } single)
            {
                var common = Common(single);
                value = new StringValues(shared is not null && ReferenceEquals(common, single) && RecentTexts.MayShareHeader(pair.Key) ? shared.Share(single) : common);
            }

            var field = new KeyValuePair<string, StringValues>(Common(pair.Key), value);
            var at = IndexOf(fields.AsSpan(0, length), field.Key, comparer);
            if (at >= 0)
            {
                fields[at] = field;
            }
            else if (length < fields.Length)
            {
                fields[length++] = field;
            }
            else
            {
                Array.Resize(ref fields, length + 1);
                fields[length++] = field;
            }
        }

        if (length < fields.Length)
        {
            Array.Resize(ref fields, length);
        }

        return new RequestFieldSnapshot(fields, comparer);
    }

    public bool ContainsKey(string key) => IndexOf(_fields, key, _comparer) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StringValues value)
    {
        var at = IndexOf(_fields, key, _comparer);
        value = at >= 0 ? _fields[at].Value : default;
        return at >= 0;
    }

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, StringValues>>)_fields).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Common(string text)
    {
        foreach (var common in CommonTexts)
        {
            if (string.Equals(common, text, StringComparison.Ordinal))
            {
                return common;
            }
        }

        return text;
    }

    private static int IndexOf(ReadOnlySpan<KeyValuePair<string, StringValues>> fields, string key, StringComparer comparer)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < fields.Length; i++)
        {
            if (comparer.Equals(fields[i].Key, key))
            {
                return i;
            }
        }

        return -1;
    }
}
