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
}
