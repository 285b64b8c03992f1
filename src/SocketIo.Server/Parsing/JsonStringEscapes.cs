using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SocketIo.Server.Parsing;

/// <summary>
/// JSON strings that <see cref="JsonElement.GetString"/> cannot read: JSON (and JS) allow a <c>\ud800</c> escape
/// without its pair, but System.Text.Json refuses to turn one into a .NET string and throws
/// <see cref="InvalidOperationException"/>. Checked on the raw text, so a readable string costs no allocation.
/// </summary>
internal static class JsonStringEscapes
{
    /// <summary>Whether a JSON string holds an escaped surrogate that is not part of an escaped pair.</summary>
    /// <param name="value">A JSON string (any other kind has no escapes, and gives false).</param>
    public static bool HasLoneSurrogate(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && HasLoneSurrogate(JsonMarshal.GetRawUtf8Value(value));

    /// <summary>
    /// Whether a property name anywhere in <paramref name="value"/> holds a lone surrogate escape. Such a name makes
    /// every lookup of the object throw (<see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>,
    /// <see cref="JsonProperty.NameEquals(string)"/>, <see cref="JsonProperty.Name"/>).
    /// </summary>
    /// <param name="value">Any JSON value, nested no deeper than the reader allowed.</param>
    public static bool HasLoneSurrogateInNames(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (HasLoneSurrogate(JsonMarshal.GetRawUtf8PropertyName(property)) || HasLoneSurrogateInNames(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (HasLoneSurrogateInNames(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Scans raw JSON text: one string (quotes or not) or a whole document, which has backslashes only in its
    /// strings. The reader has already checked that it is valid JSON.
    /// </summary>
    /// <param name="raw">The JSON text.</param>
    public static bool HasLoneSurrogate(ReadOnlySpan<byte> raw)
    {
        // Unescaped UTF-8 cannot encode a surrogate, so only \uXXXX escapes matter.
        var expectLow = false;
        var i = raw.IndexOf((byte)'\\');
        if (i < 0)
        {
            return false;
        }

        for (; i < raw.Length; i++)
        {
            var isUnicodeEscape = raw[i] == (byte)'\\' && i + 5 < raw.Length && raw[i + 1] == (byte)'u';
            if (!isUnicodeEscape)
            {
                if (expectLow)
                {
                    return true;
                }

                i += raw[i] == (byte)'\\' ? 1 : 0;
                continue;
            }

            var unit = int.Parse(raw.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            i += 5;
            if (char.IsLowSurrogate((char)unit) != expectLow)
            {
                return true;
            }

            expectLow = char.IsHighSurrogate((char)unit);
        }

        return expectLow;
    }
}
