namespace SocketIo.Adapter.Redis;

public sealed partial class RedisConnectionOptions
{
    private const int DefaultPort = 6379;

    /// <summary>
    /// Reads a connection URL: <c>redis://[[user]:password@]host[:port][/db]</c>, or <c>rediss://</c> for TLS.
    /// </summary>
    /// <remarks>
    /// As in <c>redis-cli</c>, user information without a colon is a password (for the default user). User and
    /// password are percent-decoded; an IPv6 address is written in brackets. A database number is accepted and
    /// ignored, because pub/sub does not depend on it. Query strings are rejected rather than silently ignored.
    /// </remarks>
    /// <param name="url">The URL, e.g. <c>redis://:secret@redis.internal:6380</c>.</param>
    /// <returns>New options with the URL's values and defaults for everything else.</returns>
    /// <exception cref="FormatException">Not such a URL.</exception>
    public static RedisConnectionOptions Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw Invalid("not an absolute URL");
        }

        var useTls = uri.Scheme switch
        {
            "redis" => false,
            "rediss" => true,
            _ => throw Invalid("the scheme must be redis or rediss"),
        };
        if (string.IsNullOrEmpty(uri.IdnHost))
        {
            throw Invalid("no host");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Invalid("query strings and fragments are not supported");
        }

        var path = uri.AbsolutePath.TrimStart('/');
        if (path.Length > 0 && !int.TryParse(path, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw Invalid("the path must be empty or a database number");
        }

        var options = new RedisConnectionOptions
        {
            Host = uri.IdnHost,
            Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port,
            UseTls = useTls,
        };
        var userInfo = uri.UserInfo;
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                options.Password = Uri.UnescapeDataString(userInfo);
            }
            else
            {
                var user = Uri.UnescapeDataString(userInfo[..colon]);
                options.User = user.Length > 0 ? user : null;
                options.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        return options;
    }

    // The URL may hold a password: the message names the problem and never echoes the URL.
    private static FormatException Invalid(string why)
    {
        return new FormatException($"Invalid Redis connection URL: {why}. Expected redis://[[user]:password@]host[:port][/db] or rediss://...");
    }
}
