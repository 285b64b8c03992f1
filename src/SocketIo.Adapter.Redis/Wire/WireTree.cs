using System.Globalization;
using SocketIo.Adapter.Redis.MessagePack;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// Typed reads of the value trees decoded from the wire (<see cref="IMessagePackCodec.Decode"/>,
/// <see cref="JsonTreeReader"/>), with JavaScript's view of absence: a missing key, null and undefined are all
/// "not there".
/// </summary>
internal static class WireTree
{
    private static readonly IReadOnlySet<string> NoRooms = new HashSet<string>(0, StringComparer.Ordinal);

    /// <summary>Whether a decoded value is absent as JS sees it (null or undefined).</summary>
    /// <param name="value">The value.</param>
    public static bool IsAbsent(object? value) => value is null or MessagePackUndefined;

    /// <summary>The value of <paramref name="key"/>, or null when the key is missing.</summary>
    /// <param name="map">The map.</param>
    /// <param name="key">The key.</param>
    public static object? Get(IReadOnlyDictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) ? value : null;

    /// <summary>The map a decoded value is, if it is one.</summary>
    /// <param name="value">The value.</param>
    /// <param name="map">The map.</param>
    public static bool TryGetMap(object? value, out IReadOnlyDictionary<string, object?> map)
    {
        if (value is IReadOnlyDictionary<string, object?> found)
        {
            map = found;
            return true;
        }

        map = null!;
        return false;
    }

    /// <summary>
    /// A string field: true with the string when present, true with null when absent, false when of another type.
    /// </summary>
    /// <param name="map">The map.</param>
    /// <param name="key">The key.</param>
    /// <param name="text">The string, or null when absent.</param>
    public static bool TryGetOptionalString(IReadOnlyDictionary<string, object?> map, string key, out string? text)
    {
        var value = Get(map, key);
        text = value as string;
        return text is not null || IsAbsent(value);
    }

    /// <summary>A boolean field, false when absent; false (the method) when of another type.</summary>
    /// <param name="map">The map.</param>
    /// <param name="key">The key.</param>
    /// <param name="flag">The value.</param>
    public static bool TryGetOptionalBoolean(IReadOnlyDictionary<string, object?> map, string key, out bool flag)
    {
        var value = Get(map, key);
        flag = value is true;
        return value is bool || IsAbsent(value);
    }

    /// <summary>A number of the tree (integer or float) as a double.</summary>
    /// <param name="value">The value.</param>
    /// <param name="number">The number.</param>
    public static bool TryGetNumber(object? value, out double number)
    {
        switch (value)
        {
            case long integer:
                number = integer;
                return true;
            case double real when double.IsFinite(real):
                number = real;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>A whole number within <see cref="int"/>'s range (JS numbers arrive as integers or floats).</summary>
    /// <param name="value">The value.</param>
    /// <param name="integer">The number.</param>
    public static bool TryGetInt32(object? value, out int integer)
    {
        integer = 0;
        if (!TryGetNumber(value, out var number) || number != Math.Floor(number) || number is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        integer = (int)number;
        return true;
    }

    /// <summary>
    /// A room name: a string, or a number as Node turns it into one (<c>join(123)</c> puts the number 123 on the wire,
    /// which names the room "123").
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="room">The room name.</param>
    public static bool TryGetRoom(object? value, out string room)
    {
        switch (value)
        {
            case string text:
                room = text;
                return true;
            case long integer:
                room = integer.ToString(CultureInfo.InvariantCulture);
                return true;
            case double real when double.IsFinite(real):
                room = JsNumberText.ToString(real);
                return true;
            default:
                room = string.Empty;
                return false;
        }
    }

    /// <summary>A list of rooms; absent is empty (as <c>new Set(undefined)</c>), anything but a list of rooms fails.</summary>
    /// <param name="value">The value.</param>
    /// <param name="rooms">The rooms.</param>
    public static bool TryGetRooms(object? value, out IReadOnlySet<string> rooms)
    {
        rooms = NoRooms;
        if (IsAbsent(value))
        {
            return true;
        }

        if (value is not object?[] items)
        {
            return false;
        }

        if (items.Length == 0)
        {
            return true;
        }

        var set = new HashSet<string>(items.Length, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!TryGetRoom(item, out var room))
            {
                return false;
            }

            set.Add(room);
        }

        rooms = set;
        return true;
    }
}
