using System.Text.Json;
using SocketIo.Server.Parsing;

namespace SocketIo.Server.Tests.Parsing.Support;

/// <summary>
/// The tagged JSON of interop-tests/tools/tagged-values.mjs: {"$binary"}, {"$number"}, {"$utf16"}, {"$undefined"}.
/// Turns it into C# arguments, and compares it with C# values and with decoded packets.
/// </summary>
internal static class TaggedValues
{
    public static object? ToArgument(JsonElement tagged)
    {
        switch (tagged.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                return tagged.GetDouble();
            case JsonValueKind.String:
                return tagged.GetString();
            case JsonValueKind.Array:
                return tagged.EnumerateArray().Select(ToArgument).ToArray();
        }

        if (tagged.TryGetProperty("$binary", out var b64))
        {
            return Convert.FromBase64String(b64.GetString()!);
        }

        if (tagged.TryGetProperty("$number", out var special))
        {
            return special.GetString() switch
            {
                "-0" => -0.0,
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                _ => double.NegativeInfinity,
            };
        }

        if (tagged.TryGetProperty("$utf16", out var units))
        {
            return new string(units.EnumerateArray().Select(u => (char)u.GetInt32()).ToArray());
        }

        if (tagged.TryGetProperty("$undefined", out _))
        {
            return null;
        }

        var dictionary = new Dictionary<string, object?>();
        foreach (var property in tagged.EnumerateObject())
        {
            dictionary[property.Name] = ToArgument(property.Value);
        }

        return dictionary;
    }

    /// <summary>The payload of a tagged packet as the encoder takes it.</summary>
    public static SocketIoPayload ToPayload(SocketIoPacketType type, JsonElement? data)
    {
        if (data is not { } tagged)
        {
            return SocketIoPayload.None;
        }

        if (type is SocketIoPacketType.Event or SocketIoPacketType.Ack)
        {
            var items = (object?[])ToArgument(tagged)!;
            return type == SocketIoPacketType.Event && items[0] is string name
                ? SocketIoPayload.FromEvent(name, items.AsMemory(1))
                : SocketIoPayload.FromArguments(items);
        }

        return SocketIoPayload.FromValue(ToArgument(tagged));
    }

    /// <summary>Whether what our decoder produced is the JS value the reference decoded (tagged).</summary>
    public static bool DecodedMatches(JsonElement ours, IReadOnlyList<ReadOnlyMemory<byte>> attachments, JsonElement expected, out string why)
    {
        why = "";
        if (expected.ValueKind == JsonValueKind.Object && expected.TryGetProperty("$binary", out var b64))
        {
            return SocketIoPlaceholder.TryGetAttachment(ours, attachments, out var bytes)
                && bytes.Span.SequenceEqual(Convert.FromBase64String(b64.GetString()!))
                || Fail(out why, $"expected binary at {ours.GetRawText()}");
        }

        if (expected.ValueKind == JsonValueKind.Object && expected.TryGetProperty("$number", out var special))
        {
            if (ours.ValueKind != JsonValueKind.Number)
            {
                return Fail(out why, $"expected {special} got {ours.GetRawText()}");
            }

            var value = double.Parse(ours.GetRawText(), System.Globalization.CultureInfo.InvariantCulture);
            var expectedValue = (double)ToArgument(expected)!;
            return value.Equals(expectedValue) && double.IsNegative(value) == double.IsNegative(expectedValue)
                || Fail(out why, $"expected {special} got {ours.GetRawText()}");
        }

        if (expected.ValueKind == JsonValueKind.Object && expected.TryGetProperty("$utf16", out _))
        {
            return ours.ValueKind == JsonValueKind.String && JsonStringCodeUnits.Of(ours) == (string)ToArgument(expected)!
                || Fail(out why, $"string {ours.GetRawText()}");
        }

        if (ours.ValueKind != expected.ValueKind)
        {
            return Fail(out why, $"kind {ours.ValueKind} vs {expected.ValueKind} at {ours.GetRawText()}");
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.String:
                return JsonStringCodeUnits.Of(ours) == expected.GetString() || Fail(out why, $"string {ours.GetRawText()}");
            case JsonValueKind.Number:
                return ours.GetDouble() == expected.GetDouble() || Fail(out why, $"number {ours.GetRawText()} vs {expected.GetRawText()}");
            case JsonValueKind.Array:
                var ourItems = ours.EnumerateArray().ToList();
                var expectedItems = expected.EnumerateArray().ToList();
                if (ourItems.Count != expectedItems.Count)
                {
                    return Fail(out why, $"length {ours.GetRawText()}");
                }

                for (var i = 0; i < ourItems.Count; i++)
                {
                    if (!DecodedMatches(ourItems[i], attachments, expectedItems[i], out why))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                // JSON.parse keeps the last of duplicate keys.
                var ourMembers = new Dictionary<string, JsonElement>();
                foreach (var property in ours.EnumerateObject())
                {
                    ourMembers[property.Name] = property.Value;
                }

                var expectedMembers = expected.EnumerateObject().ToList();
                if (ourMembers.Count != expectedMembers.Count)
                {
                    return Fail(out why, $"members {ours.GetRawText()}");
                }

                foreach (var property in expectedMembers)
                {
                    if (!ourMembers.TryGetValue(property.Name, out var value) || !DecodedMatches(value, attachments, property.Value, out why))
                    {
                        return why.Length > 0 || Fail(out why, $"member {property.Name}");
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>Whether a JS value (tagged, as the reference decoded it) is what the C# argument should become in JS.</summary>
    public static bool ArgumentMatches(object? argument, JsonElement expected)
    {
        switch (argument)
        {
            case null:
                return expected.ValueKind == JsonValueKind.Null;
            case bool b:
                return expected.ValueKind == (b ? JsonValueKind.True : JsonValueKind.False);
            case double d when !double.IsFinite(d):
                return expected.ValueKind == JsonValueKind.Null;
            case double d:
                return expected.ValueKind == JsonValueKind.Number && expected.GetDouble() == d
                    || (expected.ValueKind == JsonValueKind.Object && expected.TryGetProperty("$number", out var n) && n.GetString() == "-0" && d == 0);
            case long l:
                return expected.ValueKind == JsonValueKind.Number && expected.GetDouble() == l;
            case string s:
                return expected.ValueKind == JsonValueKind.String
                    ? expected.GetString() == s
                    : expected.ValueKind == JsonValueKind.Object && expected.TryGetProperty("$utf16", out _) && (string)ToArgument(expected)! == s;
            case byte[] bytes:
                return expected.ValueKind == JsonValueKind.Object && expected.TryGetProperty("$binary", out var b64)
                    && Convert.FromBase64String(b64.GetString()!).SequenceEqual(bytes);
            case object?[] items:
                return expected.ValueKind == JsonValueKind.Array && expected.GetArrayLength() == items.Length
                    && items.Select((item, i) => ArgumentMatches(item, expected[i])).All(ok => ok);
            case Dictionary<string, object?> members:
                return expected.ValueKind == JsonValueKind.Object
                    && expected.EnumerateObject().Count() == members.Count
                    && members.All(m => expected.TryGetProperty(m.Key, out var v) && ArgumentMatches(m.Value, v));
            default:
                throw new ArgumentException($"unexpected argument {argument.GetType()}");
        }
    }

    /// <summary>Whether our decoder's value for a C# argument is that argument (decode(encode(x)) == x).</summary>
    public static bool RoundTripped(object? argument, JsonElement decoded, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        switch (argument)
        {
            case null:
                return decoded.ValueKind == JsonValueKind.Null;
            case bool b:
                return decoded.ValueKind == (b ? JsonValueKind.True : JsonValueKind.False);
            case double d when !double.IsFinite(d):
                return decoded.ValueKind == JsonValueKind.Null;
            case double d:
                return decoded.ValueKind == JsonValueKind.Number && decoded.GetDouble() == d;
            case long l:
                return decoded.ValueKind == JsonValueKind.Number && decoded.TryGetInt64(out var v) && v == l;
            case string s:
                return decoded.ValueKind == JsonValueKind.String && JsonStringCodeUnits.Of(decoded) == s;
            case byte[] bytes:
                return SocketIoPlaceholder.TryGetAttachment(decoded, attachments, out var attachment) && attachment.Span.SequenceEqual(bytes);
            case object?[] items:
                return decoded.ValueKind == JsonValueKind.Array && decoded.GetArrayLength() == items.Length
                    && items.Select((item, i) => RoundTripped(item, decoded[i], attachments)).All(ok => ok);
            case Dictionary<string, object?> members:
                var decodedMembers = decoded.ValueKind == JsonValueKind.Object ? decoded.EnumerateObject().ToList() : [];
                return decodedMembers.Count == members.Count
                    && members.Zip(decodedMembers).All(pair => pair.First.Key == pair.Second.Name && RoundTripped(pair.First.Value, pair.Second.Value, attachments));
            default:
                throw new ArgumentException($"unexpected argument {argument.GetType()}");
        }
    }

    private static bool Fail(out string why, string reason)
    {
        why = reason;
        return false;
    }
}
