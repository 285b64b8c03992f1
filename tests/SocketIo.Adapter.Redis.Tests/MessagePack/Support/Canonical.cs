using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Adapter.Redis.MessagePack;

namespace SocketIo.Adapter.Redis.Tests.MessagePack.Support;

/// <summary>
/// The canonical description notepack-vectors.mjs prints for a JS value, built from a decoded .NET tree: what JS
/// value the tree stands for (a long beyond 2^53 stands for the double Node computes; an extension for the
/// [type, Buffer] array notepack gives).
/// </summary>
internal static class Canonical
{
    private static readonly JsonSerializerOptions DeepJson = new() { MaxDepth = 2048 };

    public static JsonNode Describe(object? value) => value switch
    {
        null => Tag("nil"),
        MessagePackUndefined => Tag("undef"),
        bool flag => Tag("bool", flag),
        long integer => Number(integer),
        double number => Number(number),
        string text => Tag("str", text),
        byte[] bytes => Tag("bin", Convert.ToHexStringLower(bytes)),
        DateTimeOffset date => Tag("date", date.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
        object?[] items => Tag("arr", new JsonArray(items.Select(Describe).ToArray())),
        MessagePackExtension extension => Tag("arr", new JsonArray(Number(extension.Type), Tag("bin", Convert.ToHexStringLower(extension.Data)))),
        Dictionary<string, object?> map => Tag("map", new JsonArray(map.Select(p => (JsonNode)new JsonArray(p.Key, Describe(p.Value))).ToArray())),
        _ => throw new ArgumentException($"Not a decoded value: {value.GetType()}"),
    };

    public static bool Same(JsonNode? expected, JsonNode? actual) => JsonNode.DeepEquals(expected, actual);

    public static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString(DeepJson) ?? "null";
        return text.Length > 600 ? text[..600] + "…" : text;
    }

    private static JsonObject Number(double value)
    {
        if (double.IsFinite(value) && Math.Floor(value) == value && !(value == 0 && double.IsNegative(value)))
        {
            return Tag("int", new BigInteger(value).ToString(CultureInfo.InvariantCulture));
        }

        var text = value == 0 ? "-0" : JsNumberText.ToString(value);
        return Tag("float", text);
    }

    private static JsonObject Tag(string type) => new() { ["t"] = type };

    private static JsonObject Tag(string type, JsonNode? value) => new() { ["t"] = type, ["v"] = value };
}
