using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using SocketIo.Server.Diagnostics;
using SocketIo.Server.Engine.Protocol;
using SocketIo.Server.Engine.Transports;

namespace SocketIo.Server.Engine;

/// <summary>
/// The Engine.IO v4 endpoint: verifies each request in the reference's order, opens sessions, and routes requests
/// that carry a session id to that session's transport.
/// </summary>
internal sealed class EngineServer
{
    private const string OriginNotAllowed = "Origin not allowed";
    private const string TooManyConnections = "Too many connections";

    private readonly ConcurrentDictionary<string, EngineSession> _sessions = new(StringComparer.Ordinal);
    private readonly IEngineConnectionHandler _handler;
    private readonly OriginPolicy _origins;
    private readonly ConnectionCounter<IPAddress>? _connectionsPerIp;
    private readonly RecentTexts _recentTexts = new();
    private volatile bool _stopping;

    public EngineServer(EngineOptions options, IEngineConnectionHandler handler, TimeProvider time, ILogger logger)
    {
        Options = options;
        _handler = handler;
        Time = time;
        Logger = logger;
        _origins = new OriginPolicy(options);
        if (options.MaxConnectionsPerIp is { } maxPerIp)
        {
            _connectionsPerIp = new ConnectionCounter<IPAddress>(maxPerIp);
        }
    }

    public EngineOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>The number of open sessions.</summary>
    public int SessionCount => _sessions.Count;

    internal bool TryGetSession(string id, out EngineSession session) => _sessions.TryGetValue(id, out session!);

    /// <summary>The sessions counted against <paramref name="address"/>'s <see cref="EngineOptions.MaxConnectionsPerIp"/>.</summary>
    internal int ConnectionsFrom(IPAddress address) => _connectionsPerIp?.CountOf(Normalize(address)) ?? 0;

    public async Task HandleRequestAsync(HttpContext context)
    {
        var webSocket = await StartRequestAsync(context).ConfigureAwait(false);
        if (webSocket is not null)
        {
            await webSocket.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Answers the request, up to an accepted WebSocket: then returns that WebSocket's life (its read loop), which
    /// the caller awaits, so that a caller able to let the request go keeps no suspended frame of its own, and none
    /// of this method's, for as long as the connection is idle. Null when the request was answered completely.
    /// </summary>
    internal async Task<Task?> StartRequestAsync(HttpContext context)
    {
        var isUpgrade = context.WebSockets.IsWebSocketRequest;
        var query = context.Request.Query;
        var transport = query["transport"].ToString();
        var sid = query["sid"];

        var (error, session) = await VerifyAsync(context, transport, sid, isUpgrade).ConfigureAwait(false);
        if (error is null && session is null)
        {
            error = await VerifyHandshakeAsync(context, transport, isUpgrade).ConfigureAwait(false);
        }

        if (error is null && session is null && _stopping)
        {
            // The host is stopping but still listening for a moment: a client reconnecting at once would get a new
            // session that nothing closes, and the host would wait its whole shutdown timeout for it.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers[HeaderNames.Connection] = "close";
            return null;
        }

        IPAddress? counted = null;
        if (error is null && session is null && !TryCountConnection(context, out counted))
        {
            LimitLog.TooManyConnectionsFromAddress(Logger, context.Connection.RemoteIpAddress);
            error = (EngineRequestError.Forbidden, TooManyConnections);
        }

        if (error is { } rejected)
        {
            await RejectAsync(context, isUpgrade, rejected.Error, rejected.Message).ConfigureAwait(false);
            return null;
        }

        if (session is null)
        {
            // The WebSocket's life does not run inside the handshake's frame: an idle connection then keeps one
            // suspended method fewer.
            var webSocket = await HandshakeAsync(context, isUpgrade, counted).ConfigureAwait(false);
            return webSocket?.RunAsync();
        }

        if (isUpgrade)
        {
            var probe = await UpgradeAsync(context, session).ConfigureAwait(false);
            return probe.RunAsync();
        }

        if (session.Transport is PollingTransport polling)
        {
            await polling.HandleAsync(context).ConfigureAwait(false);
        }
        else
        {
            // The session upgraded between verification and now: the same answer verification would give.
            await RejectAsync(context, isUpgrade, EngineRequestError.BadRequest, null).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Closes every session, as the server stops; new sessions are refused (503) from then on.</summary>
    public void CloseAll(EngineCloseReason reason)
    {
        _stopping = true;
        foreach (var session in _sessions.Values)
        {
            session.OnClose(reason);
        }
    }

    /// <summary>The session closed (called once per session): forget it and release its address's count.</summary>
    internal void Remove(EngineSession session)
    {
        _sessions.TryRemove(new KeyValuePair<string, EngineSession>(session.Id, session));
        ReleaseConnection(session.CountedAddress);
    }

    internal async ValueTask DeliverMessageAsync(EngineSession session, ReadOnlyMemory<byte> data, bool isBinary)
    {
        try
        {
            await _handler.OnMessageAsync(session, data, isBinary).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A handler's failure must not take the transport loop down with it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            EngineLog.HandlerFailed(Logger, session.Id, ex);
        }
    }

    internal void NotifyClosed(EngineSession session, EngineCloseReason reason)
    {
        try
        {
            _handler.OnClosed(session, reason);
        }
#pragma warning disable CA1031 // See DeliverMessageAsync.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            EngineLog.HandlerFailed(Logger, session.Id, ex);
        }
    }

    private async ValueTask<((EngineRequestError Error, string? Message)? Error, EngineSession? Session)> VerifyAsync(
        HttpContext context, string transport, StringValues sid, bool isUpgrade)
    {
        if (!IsEnabled(transport))
        {
            return ((EngineRequestError.UnknownTransport, null), null);
        }

        if (context.Request.Headers.Origin is { Count: > 0 } origin && HasInvalidHeaderChar(origin.ToString()))
        {
            return ((EngineRequestError.BadRequest, null), null);
        }

        // Every request, not only the handshake: a session id is no proof that the page using it may.
        if (!await _origins.IsAllowedAsync(context).ConfigureAwait(false))
        {
            LimitLog.OriginRefused(Logger, context.Connection.RemoteIpAddress);
            return ((EngineRequestError.Forbidden, OriginNotAllowed), null);
        }

        if (StringValues.IsNullOrEmpty(sid))
        {
            return (null, null);
        }

        if (!_sessions.TryGetValue(sid.ToString(), out var session))
        {
            return ((EngineRequestError.UnknownSid, null), null);
        }

        if (!isUpgrade && session.TransportName != transport)
        {
            return ((EngineRequestError.BadRequest, null), null);
        }

        // The protocol revision is pinned by the handshake: a later request of the session that names another (or
        // none, which the reference reads as v3) must not get a transport speaking that revision (CVE-2026-102599).
        if (!IsProtocolVersion4(context.Request.Query["EIO"]))
        {
            return ((EngineRequestError.UnsupportedProtocolVersion, null), null);
        }

        return (null, session);
    }

    private async ValueTask<(EngineRequestError Error, string? Message)?> VerifyHandshakeAsync(HttpContext context, string transport, bool isUpgrade)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return (EngineRequestError.BadHandshakeMethod, null);
        }

        if (transport == EngineTransport.WebSocketName && !isUpgrade)
        {
            return (EngineRequestError.BadRequest, null);
        }

        if (Options.AllowRequest is { } allowRequest)
        {
            var verdict = await allowRequest(context).ConfigureAwait(false);
            if (!verdict.IsAllowed)
            {
                return (EngineRequestError.Forbidden, verdict.Message);
            }
        }

        if (!IsProtocolVersion4(context.Request.Query["EIO"]))
        {
            return (EngineRequestError.UnsupportedProtocolVersion, null);
        }

        return null;
    }

    /// <summary>Opens a session; for a WebSocket, returns its transport, active and ready to run.</summary>
    private async Task<WebSocketTransport?> HandshakeAsync(HttpContext context, bool isUpgrade, IPAddress? counted)
    {
        var id = SessionIdGenerator.NewId();
        var handshake = EngineHandshakeSnapshot.From(context, Time.GetUtcNow(), _recentTexts);
        if (isUpgrade)
        {
            System.Net.WebSockets.WebSocket socket;
            try
            {
                socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            }
            catch
            {
                // No session took the count over.
                ReleaseConnection(counted);
                throw;
            }

            WebSocketTransport? transport = null;
            var request = context.Features.Get<IHttpRequestLifetimeFeature>();
            var session = new EngineSession(this, id, handshake, s => transport = new WebSocketTransport(s, socket, request)) { CountedAddress = counted };
            await OpenAsync(session, upgrades: false).ConfigureAwait(false);
            transport!.Activate();
            return transport;
        }

        PollingTransport? polling = null;
        var pollingSession = new EngineSession(this, id, handshake, s => polling = new PollingTransport(s)) { CountedAddress = counted };
        if (Options.Cookie is { } cookie)
        {
            context.Response.Cookies.Append(cookie.Name, id, new CookieOptions
            {
                Path = cookie.Path,
                HttpOnly = cookie.HttpOnly,
                SameSite = cookie.SameSite,
                Secure = cookie.Secure ?? context.Request.IsHttps,
                Domain = cookie.Domain,
                MaxAge = cookie.MaxAge,
            });
        }

        var upgrades = Options.AllowUpgrades && (Options.Transports & EngineTransports.WebSocket) != 0;
        await OpenAsync(pollingSession, upgrades).ConfigureAwait(false);
        await polling!.HandleAsync(context).ConfigureAwait(false);
        return null;
    }

    private async Task OpenAsync(EngineSession session, bool upgrades)
    {
        var open = OpenPacket.Encode(
            session.Id,
            upgrades,
            (long)Options.PingInterval.TotalMilliseconds,
            (long)Options.PingTimeout.TotalMilliseconds,
            Options.MaxHttpBufferSize);
        session.Outbound.EnqueueControl(EngineMessage.FromWireText(open));
        _sessions[session.Id] = session;
        EngineLog.SessionOpened(Logger, session.Id, session.TransportName);
        try
        {
            await _handler.OnConnectedAsync(session).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // See DeliverMessageAsync.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            EngineLog.HandlerFailed(Logger, session.Id, ex);
            session.OnClose(EngineCloseReason.ForcedClose);
        }
    }

    /// <summary>Accepts the WebSocket that probes to take a polling session over; returns it, ready to run.</summary>
    private static async Task<WebSocketTransport> UpgradeAsync(HttpContext context, EngineSession session)
    {
        var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var probe = new WebSocketTransport(session, socket, context.Features.Get<IHttpRequestLifetimeFeature>());
        if (!session.Options.AllowUpgrades || !session.TryBeginUpgrade(probe))
        {
            // Already upgraded or upgrading: the reference completes the WebSocket handshake, then closes it.
            probe.Abort();
        }

        return probe;
    }

    /// <summary>Counts a new session against its client address; false when the address is at its maximum.</summary>
    private bool TryCountConnection(HttpContext context, out IPAddress? counted)
    {
        counted = null;
        if (_connectionsPerIp is null || context.Connection.RemoteIpAddress is not { } address)
        {
            return true;
        }

        counted = Normalize(address);
        if (_connectionsPerIp.TryAcquire(counted))
        {
            return true;
        }

        counted = null;
        return false;
    }

    private void ReleaseConnection(IPAddress? counted)
    {
        if (counted is not null)
        {
            _connectionsPerIp?.Release(counted);
        }
    }

    /// <summary>An IPv4 client seen through a dual-stack socket counts as the IPv4 address.</summary>
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private bool IsEnabled(string transport) => transport switch
    {
        EngineTransport.PollingName => (Options.Transports & EngineTransports.Polling) != 0,
        EngineTransport.WebSocketName => (Options.Transports & EngineTransports.WebSocket) != 0,
        _ => false,
    };

    /// <summary>Exactly one <c>EIO</c> parameter, exactly <c>4</c>: not <c>4abc</c>, not <c>EIO=4&amp;EIO=3</c>.</summary>
    private static bool IsProtocolVersion4(StringValues eio) => eio.Count == 1 && eio[0] == "4";

    /// <summary>As Node's checkInvalidHeaderChar: only tab, visible ASCII and Latin-1 are allowed.</summary>
    private static bool HasInvalidHeaderChar(string value)
    {
        foreach (var c in value)
        {
            if (c != '\t' && (c < ' ' || c == '\x7f' || c > '\xff'))
            {
                return true;
            }
        }

        return false;
    }

    private static Task RejectAsync(HttpContext context, bool isUpgrade, EngineRequestError error, string? message)
    {
        message ??= EngineRequestErrorMessages.Of(error);
        var response = context.Response;
        if (isUpgrade)
        {
            // A refused upgrade gets the reference's raw answer: 400 and the message as text, whatever the code.
            response.StatusCode = StatusCodes.Status400BadRequest;
            response.ContentType = "text/html";
            response.Headers[HeaderNames.Connection] = "close";
            return response.WriteAsync(message, context.RequestAborted);
        }

        response.StatusCode = error == EngineRequestError.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        return response.WriteAsJsonAsync(new EngineErrorBody((int)error, message), EngineJsonContext.Default.EngineErrorBody, contentType: "application/json", context.RequestAborted);
    }
}
