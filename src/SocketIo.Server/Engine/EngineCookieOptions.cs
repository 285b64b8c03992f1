using Microsoft.AspNetCore.Http;

namespace SocketIo.Server.Engine;

/// <summary>
/// The session cookie set on the polling handshake response, used by load balancers for sticky sessions. The
/// defaults are the reference server's: <c>io=&lt;sid&gt;; Path=/; HttpOnly; SameSite=Lax</c>.
/// </summary>
public sealed class EngineCookieOptions
{
    /// <summary>The cookie name. Default <c>io</c>.</summary>
    public string Name { get; set; } = "io";

    /// <summary>The cookie path. Default <c>/</c>.</summary>
    public string Path { get; set; } = "/";

    /// <summary>Whether scripts are denied the cookie. Default true.</summary>
    public bool HttpOnly { get; set; } = true;

    /// <summary>The SameSite mode. Default <see cref="SameSiteMode.Lax"/>.</summary>
    public SameSiteMode SameSite { get; set; } = SameSiteMode.Lax;

    /// <summary>Whether the cookie is only sent over TLS. Default: only when the handshake came over TLS.</summary>
    public bool? Secure { get; set; }

    /// <summary>The cookie domain, if any.</summary>
    public string? Domain { get; set; }

    /// <summary>The cookie lifetime; none (a session cookie) by default.</summary>
    public TimeSpan? MaxAge { get; set; }
}
