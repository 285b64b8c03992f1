using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using SocketIo.Server.Engine;

namespace SocketIo.Server;

/// <summary>
/// The details of a socket's connection, as socket.io's <c>socket.handshake</c>: the HTTP request that opened the
/// Engine.IO session and the <c>auth</c> payload the client sent to join the namespace.
/// </summary>
public sealed class SocketHandshake
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    // The engine's snapshot of the opening request, shared by the client's sockets (no copy of its details per
    // socket), or the RequestValues a handshake was created with.
    private readonly object _request;

    /// <summary>Creates a handshake.</summary>
    /// <param name="headers">The request headers.</param>
    /// <param name="query">The query string values.</param>
    /// <param name="address">The client's address.</param>
    /// <param name="crossDomain">Whether the request carried an <c>Origin</c> header.</param>
    /// <param name="secure">Whether the request came over TLS.</param>
    /// <param name="issued">When the session was opened.</param>
    /// <param name="url">The request path and query.</param>
    /// <param name="auth">The <c>auth</c> payload; an empty object when the client sent none.</param>
    /// <param name="user">The authenticated user of the request, if any.</param>
    public SocketHandshake(
        IReadOnlyDictionary<string, StringValues> headers,
        IReadOnlyDictionary<string, StringValues> query,
        string address,
        bool crossDomain,
        bool secure,
        DateTimeOffset issued,
        string url,
        JsonElement? auth = null,
        ClaimsPrincipal? user = null)
        : this(
            new RequestValues(
                headers ?? throw new ArgumentNullException(nameof(headers)),
                query ?? throw new ArgumentNullException(nameof(query)),
                address ?? string.Empty,
                crossDomain,
                secure,
                issued,
                url ?? string.Empty,
                user),
            auth)
    {
    }

    /// <summary>A handshake that reads the request's details from the engine's snapshot of it.</summary>
    internal SocketHandshake(EngineHandshake request, JsonElement? auth)
        : this((object)request, auth)
    {
    }

    private SocketHandshake(object request, JsonElement? auth)
    {
        _request = request;
        Auth = auth is { ValueKind: JsonValueKind.Object } value ? value : EmptyObject;
    }

    /// <summary>The request headers (names as sent; look-ups ignore case).</summary>
    public IReadOnlyDictionary<string, StringValues> Headers => _request is EngineHandshake engine ? engine.Headers : Values.Headers;

    /// <summary>The query string values.</summary>
    public IReadOnlyDictionary<string, StringValues> Query => _request is EngineHandshake engine ? engine.Query : Values.Query;

    /// <summary>The client's IP address.</summary>
    public string Address => _request is EngineHandshake engine ? engine.RemoteAddress?.ToString() ?? string.Empty : Values.Address;

    /// <summary>Whether the request carried an <c>Origin</c> header (socket.io's <c>xdomain</c>).</summary>
    public bool CrossDomain => _request is EngineHandshake engine ? engine.Headers.ContainsKey("origin") : Values.CrossDomain;

    /// <summary>Whether the request came over TLS.</summary>
    public bool Secure => _request is EngineHandshake engine ? engine.IsSecure : Values.Secure;

    /// <summary>When the Engine.IO session was opened.</summary>
    public DateTimeOffset Issued => _request is EngineHandshake engine ? engine.Issued : Values.Issued;

    /// <summary>
    /// <see cref="Issued"/> written as JavaScript's <c>Date.toString()</c> writes it, as socket.io's
    /// <c>handshake.time</c>.
    /// </summary>
    public string Time => FormatJsDate(Issued);

    /// <summary>The request path and query.</summary>
    public string Url => _request is EngineHandshake engine ? engine.Url : Values.Url;

    /// <summary>The <c>auth</c> payload the client sent with its CONNECT packet; an empty object when none.</summary>
    public JsonElement Auth { get; }

    /// <summary>The user ASP.NET Core authenticated for the request that opened the session, if any.</summary>
    public ClaimsPrincipal? User => _request is EngineHandshake engine ? engine.User : Values.User;

    private RequestValues Values => (RequestValues)_request;

    internal SocketHandshake WithAuth(JsonElement? auth) => new(_request, auth);

    private sealed record RequestValues(
        IReadOnlyDictionary<string, StringValues> Headers,
        IReadOnlyDictionary<string, StringValues> Query,
        string Address,
        bool CrossDomain,
        bool Secure,
        DateTimeOffset Issued,
        string Url,
        ClaimsPrincipal? User);

    private static string FormatJsDate(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return utc.ToString("ddd MMM dd yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " GMT+0000 (Coordinated Universal Time)";
    }
}
