using System.Text;
using System.Text.Json;
using System.Runtime.InteropServices;

namespace SocketIo.Server.Tests.Parsing.Support;

/// <summary>
/// Reads JSON strings into UTF-16 code units the way JSON.parse does, lone surrogates included (System.Text.Json's
/// GetString refuses those). Written independently of the production escaper on purpose.
/// </summary>
internal static class JsonStringCodeUnits
{
    public static string Of(JsonElement stringElement)
    {
        var raw = JsonMarshal.GetRawUtf8Value(stringElement);
        return Unescape(raw[1..^1]);
    }

    public static string Unescape(ReadOnlySpan<byte> content)
    {
        var builder = new StringBuilder();
        var i = 0;
        while (i < content.Length)
        {
            var backslash = content[i..].IndexOf((byte)'\\');
            var end = backslash < 0 ? content.Length : i + backslash;
            builder.Append(Encoding.UTF8.GetString(content[i..end]));
            if (backslash < 0)
            {
                break;
            }

            var e = (char)content[end + 1];
            i = end + 2;
            switch (e)
            {
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    builder.Append((char)Convert.ToUInt16(Encoding.ASCII.GetString(content.Slice(i, 4)), 16));
                    i += 4;
                    break;
                default: builder.Append(e); break;
            }
        }

        return builder.ToString();
    }
}
