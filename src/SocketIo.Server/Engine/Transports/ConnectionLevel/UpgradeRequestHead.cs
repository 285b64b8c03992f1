using System.Buffers.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>A parsed <c>GET</c> request head, as <see cref="UpgradeRequestReader"/> reads it.</summary>
internal sealed class UpgradeRequestHead
{
    public UpgradeRequestHead(string rawTarget, string path, string queryString, IHeaderDictionary headers)
    {
        RawTarget = rawTarget;
        Path = path;
        QueryString = queryString;
        Headers = headers;
    }

    /// <summary>The request target as sent, e.g. <c>/socket.io/?EIO=4&amp;transport=websocket</c>.</summary>
    public string RawTarget { get; }

    /// <summary>The target's path, never percent-encoded (such targets are left to the HTTP pipeline).</summary>
    public string Path { get; }

    /// <summary>The query string with its leading <c>?</c>, or empty.</summary>
    public string QueryString { get; }

    public IHeaderDictionary Headers { get; }

    /// <summary>
    /// Whether this is exactly a WebSocket handshake for the Engine.IO WebSocket transport, with nothing this layer
    /// would have to interpret the way the HTTP pipeline would (a body, a missing or repeated Host, a version other
    /// than 13). Extensions a client offers are ignored: none is negotiated.
    /// </summary>
    public bool IsEngineWebSocketHandshake()
    {
        var headers = Headers;
        return headers.Host.Count == 1 && headers.Host[0] is { Length: > 0 }
            && !headers.ContainsKey(HeaderNames.ContentLength)
            && !headers.ContainsKey(HeaderNames.TransferEncoding)
            && IsSingle(headers.Upgrade, "websocket")
            && HasToken(headers.Connection, "upgrade")
            && IsSingle(headers.SecWebSocketVersion, "13")
            && headers.SecWebSocketKey.Count == 1 && IsWebSocketKey(headers.SecWebSocketKey[0])
            && AsksForWebSocketTransport(QueryString);
    }

    private static bool IsSingle(Microsoft.Extensions.Primitives.StringValues values, string expected) =>
        values.Count == 1 && string.Equals(values[0], expected, StringComparison.OrdinalIgnoreCase);

    private static bool HasToken(Microsoft.Extensions.Primitives.StringValues values, string token)
    {
        foreach (var value in values)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
            {
                if (string.Equals(part, token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>RFC 6455 4.1: the base64 of 16 bytes.</summary>
    private static bool IsWebSocketKey(string? key)
    {
        if (key is not { Length: 24 })
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[18];
        return Convert.TryFromBase64String(key, decoded, out var written) && written == 16 && Base64.IsValid(key);
    }

    private static bool AsksForWebSocketTransport(string queryString)
    {
        foreach (var pair in queryString.AsSpan().TrimStart('?').Split('&'))
        {
            if (queryString.AsSpan().TrimStart('?')[pair].SequenceEqual("transport=websocket"))
            {
                return true;
            }
        }

        return false;
    }
}
