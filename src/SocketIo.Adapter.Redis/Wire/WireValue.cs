using System.Text.Json;
using SocketIo.Adapter.Redis.MessagePack;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// One value of a received message, read the same way whether it came as JSON (a <see cref="JsonElement"/>) or as
/// MessagePack (a tree from <see cref="IMessagePackCodec.Decode"/>), so a message is mapped once for both encodings.
/// JavaScript's view applies: a MessagePack <c>undefined</c> is a missing value, and a property holding it is absent.
/// </summary>
internal readonly struct WireValue
{
    private readonly JsonElement _json;
    private readonly object? _tree;
    private readonly bool _isJson;

    private WireValue(JsonElement json)
    {
        _json = json;
        _isJson = true;
    }

    private WireValue(object? tree)
    {
        _tree = tree;
    }

    /// <summary>A value parsed from JSON.</summary>
    public static WireValue FromJson(JsonElement element) => new(element);

    /// <summary>A value decoded from MessagePack.</summary>
    public static WireValue FromMessagePack(object? decoded) => new(decoded);

    /// <summary>Whether the value is an object (a JSON object, a MessagePack map).</summary>
    public bool IsObject => _isJson ? _json.ValueKind == JsonValueKind.Object : _tree is Dictionary<string, object?>;

    /// <summary>Whether the value is null or undefined.</summary>
    public bool IsNullOrUndefined => _isJson ? _json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined : _tree is null or MessagePackUndefined;

    /// <summary>The property <paramref name="name"/> of an object; false when absent (or undefined) or not an object.</summary>
    public bool TryGetProperty(string name, out WireValue value)
    {
        if (_isJson)
        {
            if (_json.ValueKind == JsonValueKind.Object && _json.TryGetProperty(name, out var property))
            {
                value = new WireValue(property);
                return true;
            }
        }
        else if (_tree is Dictionary<string, object?> map && map.TryGetValue(name, out var item) && item is not MessagePackUndefined)
        {
            value = new WireValue(item);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The string, if the value is one.</summary>
    public bool TryGetString(out string value)
    {
        if (_isJson)
        {
            if (_json.ValueKind == JsonValueKind.String)
            {
                // Throws for a lone surrogate escape; the message reader drops such a message.
                value = _json.GetString()!;
                return true;
            }
        }
        else if (_tree is string text)
        {
            value = text;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The number, if the value is one.</summary>
    public bool TryGetNumber(out double value)
    {
        if (_isJson)
        {
            if (_json.ValueKind == JsonValueKind.Number && _json.TryGetDouble(out value) && double.IsFinite(value))
            {
                return true;
            }
        }
        else
        {
            switch (_tree)
            {
                case long integer:
                    value = integer;
                    return true;
                case double number:
                    value = number;
                    return true;
            }
        }

        value = 0;
        return false;
    }

    /// <summary>The boolean, if the value is one.</summary>
    public bool TryGetBoolean(out bool value)
    {
        if (_isJson)
        {
            if (_json.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                value = _json.ValueKind == JsonValueKind.True;
                return true;
            }
        }
        else if (_tree is bool flag)
        {
            value = flag;
            return true;
        }

        value = false;
        return false;
    }

    /// <summary>Adds the items of an array to <paramref name="items"/>; false when the value is not an array.</summary>
    public bool TryGetItems(List<WireValue> items)
    {
        if (_isJson)
        {
            if (_json.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var item in _json.EnumerateArray())
            {
                items.Add(new WireValue(item));
            }

            return true;
        }

        if (_tree is not object?[] array)
        {
            return false;
        }

        foreach (var item in array)
        {
            items.Add(new WireValue(item));
        }

        return true;
    }

    /// <summary>
    /// Adds the properties of an object to <paramref name="properties"/> in wire order (undefined ones left out, a
    /// duplicated name given once with its last value, as <c>JSON.parse</c> does); false when not an object.
    /// </summary>
    public bool TryGetProperties(Dictionary<string, WireValue> properties)
    {
        if (_isJson)
        {
            if (_json.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var property in _json.EnumerateObject())
            {
                properties[property.Name] = new WireValue(property.Value);
            }

            return true;
        }

        if (_tree is not Dictionary<string, object?> map)
        {
            return false;
        }

        foreach (var (name, item) in map)
        {
            if (item is not MessagePackUndefined)
            {
                properties[name] = new WireValue(item);
            }
        }

        return true;
    }

    /// <summary>
    /// The value as the server takes application values: a <see cref="JsonElement"/> without binary inside, a
    /// <c>byte[]</c> for binary, a <see cref="System.Text.Json.Nodes.JsonNode"/> with <c>byte[]</c> leaves otherwise.
    /// </summary>
    public object? ToArgument() => _isJson ? _json : DecodedValues.ToArgument(_tree);
}
