using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>Writes a refused handshake's buffered answer to the connection, which then closes.</summary>
internal static class RawHttpResponse
{
    public static async Task WriteAsync(PipeWriter output, int statusCode, IHeaderDictionary headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(256)
            .Append("HTTP/1.1 ").Append(statusCode.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(ReasonPhrases.GetReasonPhrase(statusCode)).Append("\r\n");
        AppendHeaders(text, headers, HeaderNames.ContentLength, HeaderNames.Connection, HeaderNames.TransferEncoding, HeaderNames.Date);
        text.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Connection: close\r\n")
            .Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        Encoding.Latin1.GetBytes(text.ToString(), output);
        await output.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends the headers but the <paramref name="excluded"/> ones; values that would split a line are dropped.</summary>
    public static void AppendHeaders(StringBuilder text, IHeaderDictionary headers, params ReadOnlySpan<string> excluded)
    {
        foreach (var (name, values) in headers)
        {
            if (IsExcluded(name, excluded))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (value is not null && value.AsSpan().IndexOfAny('\r', '\n') < 0)
                {
                    text.Append(name).Append(": ").Append(value).Append("\r\n");
                }
            }
        }
    }

    private static bool IsExcluded(string name, ReadOnlySpan<string> excluded)
    {
        foreach (var candidate in excluded)
        {
            if (string.Equals(name, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
