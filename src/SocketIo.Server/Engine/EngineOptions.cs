using Microsoft.AspNetCore.Http;

namespace SocketIo.Server.Engine;

/// <summary>
/// Options of the Engine.IO layer. Defaults are those of the reference server (npm <c>engine.io</c> 6.6);
/// durations are <see cref="TimeSpan"/>s where the reference takes milliseconds.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>How long after a pong (or the handshake) the server sends the next ping. Default 25 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromMilliseconds(25_000);

    /// <summary>How long the server waits for the pong before closing with "ping timeout". Default 20 s.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromMilliseconds(20_000);

    /// <summary>How long a polling→WebSocket upgrade may take before the new WebSocket is dropped. Default 10 s.</summary>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromMilliseconds(10_000);

    /// <summary>
    /// The largest polling POST body and the largest WebSocket message, in bytes; advertised to clients as
    /// <c>maxPayload</c>. Larger POSTs get 413, larger WebSocket messages close the socket with 1009; neither is
    /// buffered whole first. Default 1,000,000.
    /// </summary>
    public int MaxHttpBufferSize { get; set; } = 1_000_000;

    /// <summary>
    /// The most frames one WebSocket message may be split into; more closes the socket with 1009, so a flood of
    /// tiny fragments cannot keep a reader busy. Default 1,024.
    /// </summary>
    public int MaxWebSocketFragments { get; set; } = 1024;

    /// <summary>
    /// The most bytes the server holds for one connection: packets queued for it plus those its transport took and
    /// has not finished writing (a WebSocket send in progress, a polling response not yet flushed, what waits for
    /// the next GET). A send made while a connection holds this much or more closes it with
    /// <see cref="EngineCloseReason.SlowConsumer"/> and frees what it held, so a connection never holds more than
    /// this plus one message; volatile packets that would not fit are dropped instead. Default 1,000,000.
    /// </summary>
    public long MaxBufferedBytes { get; set; } = 1_000_000;

    /// <summary>The accepted transports. Default both.</summary>
    public EngineTransports Transports { get; set; } = EngineTransports.All;

    /// <summary>Whether polling sessions may upgrade to WebSocket. Default true.</summary>
    public bool AllowUpgrades { get; set; } = true;

    /// <summary>
    /// How long a server-side close of a polling session waits for the client's next GET to deliver the close
    /// packet. Default 30 s.
    /// </summary>
    public TimeSpan PollingCloseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The sticky-session cookie; null (the default) sets none.</summary>
    public EngineCookieOptions? Cookie { get; set; }

    /// <summary>
    /// Decides whether a handshake request may open a session, as the reference's <c>allowRequest</c> does.
    /// It runs for handshakes only, before the session exists. Null (the default) allows every request.
    /// </summary>
    public Func<HttpContext, ValueTask<EngineRequestVerdict>>? AllowRequest { get; set; }

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>, e.g. <c>https://app.example.com</c>) whose pages may connect, on
    /// WebSocket and on polling, besides the request's own host and the origins the endpoint's CORS policy allows
    /// (<c>RequireCors</c>, or the default policy). Any other origin is refused: polling with
    /// <c>403 {"code":4,"message":"Origin not allowed"}</c>, a WebSocket upgrade with a plain 400, and no session is
    /// opened. This stops cross-site WebSocket hijacking, which CORS alone does not. Compared case-insensitively.
    /// Empty by default.
    /// </summary>
    public ICollection<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// Accept every origin: turns the origin check off. Only for servers that authenticate each connection by
    /// something a foreign page cannot send on the user's behalf (a token in the CONNECT <c>auth</c> payload rather
    /// than a cookie). Default false.
    /// </summary>
    public bool AllowAnyOrigin { get; set; }

    /// <summary>
    /// Accept requests without an <c>Origin</c> header. Browsers always send it on cross-site requests and on
    /// WebSocket upgrades, so a request without one is not a foreign page; Node, .NET and mobile clients send none.
    /// Default true.
    /// </summary>
    public bool AllowRequestsWithoutOrigin { get; set; } = true;

    /// <summary>
    /// The most Engine.IO sessions open at once from one client address
    /// (<c>HttpContext.Connection.RemoteIpAddress</c>); a handshake past it is refused with
    /// <c>403 {"code":4,"message":"Too many connections"}</c> (a plain 400 for a WebSocket). Behind a reverse proxy
    /// every client has the proxy's address: add ASP.NET Core's <c>ForwardedHeaders</c> middleware so the client's
    /// own address is used. Null means no limit. Default 1,000.
    /// </summary>
    public int? MaxConnectionsPerIp { get; set; } = 1_000;

    /// <summary>
    /// Accept Engine.IO WebSocket connections in Kestrel's connection layer, before the HTTP pipeline: an idle
    /// WebSocket then costs a few kilobytes less, because the HTTP/1.1 request objects an upgraded request otherwise
    /// keeps alive are never created, and the WebSocket runs on the server's own RFC 6455 framing straight on the
    /// connection's buffers (which answers clients as the runtime's WebSocket does). The trade-off: ASP.NET Core middleware (authentication, forwarded headers,
    /// logging, rate limiting...) and endpoint conventions do not run for those WebSocket handshakes; the engine's
    /// own checks (origins, including the endpoint's CORS policy, <see cref="AllowRequest"/>,
    /// <see cref="MaxConnectionsPerIp"/>) do. Endpoints with <c>RequireAuthorization</c>, <c>RequireHost</c> or
    /// <c>RequireRateLimiting</c> keep using the pipeline.
    /// Plain-TCP HTTP/1.1 endpoints only; TLS connections, polling, other paths and any request that is not a plain
    /// WebSocket handshake fall back to the normal pipeline. It hooks Kestrel's
    /// <c>ConfigureEndpointDefaults</c>, which keeps a single callback: an application that sets its own replaces
    /// this one. Under <c>TestServer</c> it has no effect. Default false.
    /// </summary>
    public bool ConnectionLevelWebSockets { get; set; }
}
