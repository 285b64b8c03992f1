using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>
/// Reads a connection's first request head from what has arrived so far. Strict on purpose: anything unusual
/// (another method or version, a percent-encoded path, folded or non-ASCII headers, bare line feeds, a head over
/// the limits) is <see cref="HeadReadStatus.NotHandled"/>, so Kestrel's own parser answers it as it always does.
/// </summary>
internal static class UpgradeRequestReader
{
    private static ReadOnlySpan<byte> Get => "GET "u8;

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> Version => " HTTP/1.1"u8;

    // Names most handshakes carry, so each connection does not allocate its own copy of them.
    private static readonly string[] KnownNames =
    [
        HeaderNames.Host, HeaderNames.Connection, HeaderNames.Upgrade, HeaderNames.Origin, HeaderNames.UserAgent,
        HeaderNames.SecWebSocketKey, HeaderNames.SecWebSocketVersion, HeaderNames.SecWebSocketExtensions,
        HeaderNames.SecWebSocketProtocol, HeaderNames.AcceptEncoding, HeaderNames.AcceptLanguage, HeaderNames.Accept,
        HeaderNames.CacheControl, HeaderNames.Pragma, HeaderNames.Cookie, HeaderNames.Authorization,
        HeaderNames.ContentLength, HeaderNames.TransferEncoding, "X-Forwarded-For", "X-Forwarded-Proto",
    ];

    /// <param name="buffer">What the connection has sent so far.</param>
    /// <param name="limits">Kestrel's request line, header size and header count limits.</param>
    /// <param name="head">The head, when <see cref="HeadReadStatus.Complete"/>.</param>
    /// <param name="end">Where the head ends (what follows is the connection's next bytes).</param>
    public static HeadReadStatus TryRead(in ReadOnlySequence<byte> buffer, KestrelServerLimits limits, out UpgradeRequestHead? head, out SequencePosition end)
    {
        var maxHeadLength = (long)limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize + EndOfHead.Length;
        head = null;
        end = buffer.Start;
        if (buffer.Length < Get.Length)
        {
            Span<byte> start = stackalloc byte[Get.Length];
            buffer.CopyTo(start);
            return Get.StartsWith(start[..(int)buffer.Length]) ? HeadReadStatus.NeedMore : HeadReadStatus.NotHandled;
        }

        Span<byte> method = stackalloc byte[Get.Length];
        buffer.Slice(0, Get.Length).CopyTo(method);
        if (!method.SequenceEqual(Get))
        {
            return HeadReadStatus.NotHandled;
        }

        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> headBytes, EndOfHead, advancePastDelimiter: true))
        {
            return buffer.Length >= maxHeadLength ? HeadReadStatus.NotHandled : HeadReadStatus.NeedMore;
        }

        var length = (int)Math.Min(headBytes.Length, int.MaxValue);
        if (length + EndOfHead.Length > maxHeadLength)
        {
            return HeadReadStatus.NotHandled;
        }

        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            headBytes.CopyTo(copy);
            head = Parse(copy.AsSpan(0, length), limits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }

        end = reader.Position;
        return head is null ? HeadReadStatus.NotHandled : HeadReadStatus.Complete;
    }

    private static UpgradeRequestHead? Parse(ReadOnlySpan<byte> text, KestrelServerLimits limits)
    {
        var lineEnd = text.IndexOf("\r\n"u8);
        var requestLine = lineEnd < 0 ? text : text[..lineEnd];
        var headerBytes = lineEnd < 0 ? 0 : text.Length - lineEnd;
        if (!requestLine.EndsWith(Version) || requestLine.Length + 2 > limits.MaxRequestLineSize || headerBytes > limits.MaxRequestHeadersTotalSize)
        {
            return null;
        }

        var target = requestLine[Get.Length..^Version.Length];
        if (target.Length == 0 || target[0] != (byte)'/' || !IsVisibleAscii(target))
        {
            return null;
        }

        var question = target.IndexOf((byte)'?');
        var path = question < 0 ? target : target[..question];
        if (path.Contains((byte)'%'))
        {
            return null;
        }

        var headers = new HeaderDictionary();
        var count = 0;
        var rest = lineEnd < 0 ? [] : text[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? rest : rest[..lineEnd];
            rest = lineEnd < 0 ? [] : rest[(lineEnd + 2)..];
            if (++count > limits.MaxRequestHeaderCount || !TryAddHeader(headers, line))
            {
                return null;
            }
        }

        var rawTarget = Encoding.ASCII.GetString(target);
        return new UpgradeRequestHead(
            rawTarget,
            question < 0 ? rawTarget : rawTarget[..question],
            question < 0 ? string.Empty : rawTarget[question..],
            headers);
    }

    private static bool TryAddHeader(HeaderDictionary headers, ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsToken(line[..colon]))
        {
            return false;
        }

        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (!IsFieldValue(value))
        {
            return false;
        }

        var name = NameOf(line[..colon]);
        var text = Encoding.ASCII.GetString(value);
        headers[name] = headers.TryGetValue(name, out var existing) ? StringValues.Concat(existing, text) : new StringValues(text);
        return true;
    }

    private static string NameOf(ReadOnlySpan<byte> name)
    {
        if (name.Length > 64)
        {
            return Encoding.ASCII.GetString(name);
        }

        Span<char> chars = stackalloc char[name.Length];
        Encoding.ASCII.GetChars(name, chars);
        foreach (var known in KnownNames)
        {
            if (chars.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return new string(chars);
    }

    private static bool IsVisibleAscii(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is <= 0x20 or >= 0x7f)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 9110 token characters.</summary>
    private static bool IsToken(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            var isToken = b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                || "!#$%&'*+-.^_`|~"u8.Contains(b);
            if (!isToken)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Visible ASCII, spaces and tabs: anything else is left to Kestrel's rules.</summary>
    private static bool IsFieldValue(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b != (byte)'\t' && b is < 0x20 or >= 0x7f)
            {
                return false;
            }
        }

        return true;
    }
}
