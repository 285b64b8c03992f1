using System.Globalization;
using System.Text;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// Map keys as a JS object ends up with them: notepack assigns <c>obj[key] = value</c>, so a key that is not a
/// string becomes <c>String(key)</c>, integer-like keys are enumerated first in ascending order, and
/// <c>__proto__</c> sets the prototype instead of adding a property.
/// </summary>
internal static class JsPropertyKey
{
    /// <summary>The key JS assigns to <c>__proto__</c> sets the prototype; it never becomes an own property.</summary>
    public const string Proto = "__proto__";

    /// <summary><c>String(value)</c> for a decoded value.</summary>
    /// <param name="value">The decoded key.</param>
    public static string ToText(object? value)
    {
        switch (value)
        {
            case string text:
                return text;
            case object?[] array:
                var builder = new StringBuilder();
                AppendJoined(builder, array);
                return builder.ToString();
            default:
                return ScalarText(value);
        }
    }

    /// <summary>
    /// Whether JS treats the key as an array index (a canonical decimal integer in [0, 2^32 - 2]); such keys come
    /// first, in numeric order, when an object's keys are enumerated.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="index">Its numeric value.</param>
    public static bool IsArrayIndex(string key, out uint index)
    {
        index = 0;
        if (key.Length is 0 or > 10 || (key[0] == '0' && key.Length > 1))
        {
            return false;
        }

        ulong value = 0;
        foreach (var c in key)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (ulong)(c - '0');
        }

        if (value > uint.MaxValue - 1)
        {
            return false;
        }

        index = (uint)value;
        return true;
    }

    // Array.prototype.join: elements through String(), null and undefined as empty strings, nested arrays joined.
    private static void AppendJoined(StringBuilder builder, object?[] array)
    {
        for (var i = 0; i < array.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            switch (array[i])
            {
                case null or MessagePackUndefined:
                    break;
                case string text:
                    builder.Append(text);
                    break;
                case object?[] nested:
                    AppendJoined(builder, nested);
                    break;
                case var item:
                    builder.Append(ScalarText(item));
                    break;
            }
        }
    }

    private static string ScalarText(object? value) => value switch
    {
        null => "null",
        MessagePackUndefined => "undefined",
        bool flag => flag ? "true" : "false",
        long integer => JsNumberText.ToString(integer),
        double number => JsNumberText.ToString(number),
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        DateTimeOffset date => JsDate.ToDateString(date),
        MessagePackExtension extension => extension.Type.ToString(CultureInfo.InvariantCulture) + "," + Encoding.UTF8.GetString(extension.Data),
        _ => "[object Object]",
    };
}
