using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace SocketIo.Server.Engine;

/// <summary>Reads an <c>Origin</c> header (<c>scheme://host[:port]</c>) without allocating.</summary>
internal static class OriginText
{
    private static readonly SearchValues<char> NotInAuthority = SearchValues.Create("/?#@\\ ");

    /// <summary>
    /// Whether <paramref name="origin"/> names the host and port the request was sent to (its <c>Host</c> header);
    /// a missing port is the scheme's default on both sides. The scheme itself is not compared: behind a proxy that
    /// ends TLS the request's own scheme says nothing about the page's.
    /// </summary>
    public static bool IsSameHost(ReadOnlySpan<char> origin, HostString requestHost)
    {
        if (!requestHost.HasValue || !TrySplit(origin, out var scheme, out var host, out var port))
        {
            return false;
        }

        var defaultPort = DefaultPort(scheme);
        var originPort = port ?? defaultPort;
        var requestPort = requestHost.Port ?? defaultPort;
        return originPort is not null && originPort == requestPort
            && host.Equals(requestHost.Host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="value"/> is an origin: a scheme, <c>://</c>, a host and an optional port, nothing more.</summary>
    public static bool IsOrigin(ReadOnlySpan<char> value) => TrySplit(value, out _, out _, out _);

    private static bool TrySplit(ReadOnlySpan<char> origin, out ReadOnlySpan<char> scheme, out ReadOnlySpan<char> host, out int? port)
    {
        host = default;
        port = null;
        var separator = origin.IndexOf("://", StringComparison.Ordinal);
        scheme = separator > 0 ? origin[..separator] : default;
        if (separator <= 0)
        {
            return false;
        }

        var authority = origin[(separator + 3)..];
        if (authority.IsEmpty || authority.IndexOfAny(NotInAuthority) >= 0)
        {
            return false;
        }

        // An IPv6 literal keeps its brackets, as HostString.Host does.
        int portSeparator;
        if (authority[0] == '[')
        {
            var end = authority.IndexOf(']');
            if (end < 0 || (end + 1 < authority.Length && authority[end + 1] != ':'))
            {
                return false;
            }

            portSeparator = end + 1 < authority.Length ? end + 1 : -1;
        }
        else
        {
            portSeparator = authority.IndexOf(':');
            if (portSeparator >= 0 && authority[(portSeparator + 1)..].Contains(':'))
            {
                return false;
            }
        }

        if (portSeparator < 0)
        {
            host = authority;
            return true;
        }

        host = authority[..portSeparator];
        if (host.IsEmpty || !int.TryParse(authority[(portSeparator + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            return false;
        }

        port = number;
        return true;
    }

    private static int? DefaultPort(ReadOnlySpan<char> scheme) =>
        scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("ws", StringComparison.OrdinalIgnoreCase) ? 80
        : scheme.Equals("https", StringComparison.OrdinalIgnoreCase) || scheme.Equals("wss", StringComparison.OrdinalIgnoreCase) ? 443
        : null;
}
