using System.Globalization;
using System.Text;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// Unescapes a JSON string token that System.Text.Json refuses to read because it escapes a lone surrogate
/// (<c>"\ud800"</c>): JS accepts such strings, so a client can send one and it must still be relayable.
/// </summary>
internal static class JsonStringText
{
    /// <summary>The string a raw token (quotes included) stands for, lone surrogates kept.</summary>
    /// <param name="raw">The token as it appears in the JSON text.</param>
    public static string Unescape(ReadOnlySpan<byte> raw)
    {
        var content = raw.Length >= 2 && raw[0] == (byte)'"' ? raw[1..^1] : raw;
        var builder = new StringBuilder(content.Length);
        while (!content.IsEmpty)
        {
            var escape = content.IndexOf((byte)'\\');
            if (escape < 0)
            {
                builder.Append(Encoding.UTF8.GetString(content));
                break;
            }

            builder.Append(Encoding.UTF8.GetString(content[..escape]));
            if (escape + 1 >= content.Length)
            {
                break;
            }

            var kind = (char)content[escape + 1];
            if (kind == 'u' && escape + 6 <= content.Length
                && ushort.TryParse(Encoding.ASCII.GetString(content.Slice(escape + 2, 4)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
            {
                builder.Append((char)unit);
                content = content[(escape + 6)..];
                continue;
            }

            builder.Append(kind switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => kind });
            content = content[(escape + 2)..];
        }

        return builder.ToString();
    }
}
