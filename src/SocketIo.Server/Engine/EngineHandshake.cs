using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.Primitives;

namespace SocketIo.Server.Engine;

/// <summary>A snapshot of the HTTP request that opened an Engine.IO session.</summary>
public sealed class EngineHandshake
{
    /// <summary>Creates a snapshot.</summary>
    /// <param name="headers">The request headers (names compared case-insensitively).</param>
    /// <param name="query">The query string parameters.</param>
    /// <param name="remoteAddress">The client address, if known.</param>
    /// <param name="isSecure">Whether the request came over TLS.</param>
    /// <param name="url">The request path and query, as received.</param>
    /// <param name="issued">When the session was opened.</param>
    /// <param name="user">The authenticated user of the request, if the host authenticated it.</param>
    public EngineHandshake(
        IReadOnlyDictionary<string, StringValues> headers,
        IReadOnlyDictionary<string, StringValues> query,
        IPAddress? remoteAddress,
        bool isSecure,
        string url,
        DateTimeOffset issued,
        ClaimsPrincipal? user)
    {
        Headers = headers;
        Query = query;
        RemoteAddress = remoteAddress;
        IsSecure = isSecure;
        Url = url;
        Issued = issued;
        User = user;
    }

    /// <summary>The request headers.</summary>
    public IReadOnlyDictionary<string, StringValues> Headers { get; }

    /// <summary>The query string parameters.</summary>
    public IReadOnlyDictionary<string, StringValues> Query { get; }

    /// <summary>The client address, if known.</summary>
    public IPAddress? RemoteAddress { get; }

    /// <summary>Whether the request came over TLS.</summary>
    public bool IsSecure { get; }

    /// <summary>The request path and query string.</summary>
    public string Url { get; }

    /// <summary>When the session was opened.</summary>
    public DateTimeOffset Issued { get; }

    /// <summary>The user the host's authentication attached to the request, if any.</summary>
    public ClaimsPrincipal? User { get; }
}
