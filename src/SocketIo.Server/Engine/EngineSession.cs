using Microsoft.Extensions.Logging;
using SocketIo.Server.Diagnostics;
using SocketIo.Server.Engine.Protocol;
using SocketIo.Server.Engine.Transports;

namespace SocketIo.Server.Engine;

/// <summary>
/// One Engine.IO session: its state, heartbeat, outbound queue, and the transport (and upgrade candidate) carrying
/// it. State changes happen under <see cref="Sync"/>, never across an await; handler calls happen outside it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The token source has no timer and is only ever cancelled; ConnectionClosed must stay readable after close.")]
internal sealed class EngineSession : EngineConnection
{
    private static readonly TimeSpan NoopInterval = TimeSpan.FromMilliseconds(100);

    private readonly EngineServer _server;
    private static readonly CancellationTokenSource ClosedBeforeAsked = CancelledSource();
    private readonly ITimer _heartbeat;

    // Made when something first asks for ConnectionClosed, not per session: most never do.
    private CancellationTokenSource? _closed;
    private EngineTransport _transport;
    private WebSocketTransport? _probe;
    private ITimer? _upgradeTimeout;
    private ITimer? _noopTimer;
    private bool _awaitingPong;
    private long _pingDueTimestamp;
    private bool _upgraded;
    private SessionState _state = SessionState.Open;

    public EngineSession(EngineServer server, string id, EngineHandshake handshake, Func<EngineSession, EngineTransport> createTransport)
    {
        _server = server;
        Id = id;
        Handshake = handshake;
        Outbound = new OutboundQueue(server.Options.MaxBufferedBytes);
        _transport = createTransport(this);
        _pingDueTimestamp = server.Time.GetTimestamp() + ToTimestampTicks(server.Options.PingInterval);
        _heartbeat = server.Time.CreateTimer(static s => ((EngineSession)s!).OnHeartbeatTimer(), this, server.Options.PingInterval, Timeout.InfiniteTimeSpan);
    }

    private enum SessionState
    {
        Open,
        Closing,
        Closed,
    }

    public override string Id { get; }

    public override EngineHandshake Handshake { get; }

    public override string TransportName => Volatile.Read(ref _transport).Name;

    public override CancellationToken ConnectionClosed => (Volatile.Read(ref _closed) ?? ClosedSource()).Token;

    public override bool IsWritable => _state == SessionState.Open && Transport.IsWritable;

    internal OutboundQueue Outbound { get; }

    /// <summary>
    /// What state changes lock: the session's own queue object, which nothing else locks (the queue locks its private
    /// list), so the lock lives in that object's header and an idle session carries no lock object.
    /// </summary>
    private object Sync => Outbound;

    /// <summary>The client address this session is counted against (<see cref="EngineOptions.MaxConnectionsPerIp"/>), if any.</summary>
    internal System.Net.IPAddress? CountedAddress { get; init; }

    internal EngineOptions Options => _server.Options;

    internal TimeProvider Time => _server.Time;

    internal ILogger Logger => _server.Logger;

    internal EngineTransport Transport => Volatile.Read(ref _transport);

    internal bool IsClosing => _state == SessionState.Closing;

    internal bool IsClosed => _state == SessionState.Closed;

    public override bool Send(EngineMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Send(new ReadOnlySpan<EngineMessage>(in message));
    }

    public override bool Send(ReadOnlySpan<EngineMessage> messages)
    {
        if (_state != SessionState.Open)
        {
            return false;
        }

        var result = Outbound.Enqueue(messages, isVolatile: false);
        if (result == OutboundEnqueueResult.Overflow)
        {
            OnSlowConsumer();
        }

        return result == OutboundEnqueueResult.Queued;
    }

    public override bool SendVolatile(ReadOnlySpan<EngineMessage> messages) =>
        IsWritable && Outbound.Enqueue(messages, isVolatile: true) == OutboundEnqueueResult.Queued;

    public override void Close()
    {
        EngineTransport transport;
        lock (Sync)
        {
            if (_state != SessionState.Open)
            {
                return;
            }

            _state = SessionState.Closing;
            transport = _transport;
        }

        // While an upgrade is under way the polling transport still carries the session; it closes gracefully and
        // the probe is dropped when the session closes.
        transport.BeginGracefulClose();
    }

    /// <summary>Handles a packet from the transport carrying the session.</summary>
    internal async ValueTask HandlePacketAsync(EnginePacket packet)
    {
        if (_state != SessionState.Open)
        {
            return;
        }

        switch (packet.Type)
        {
            case EnginePacketType.Message:
                await _server.DeliverMessageAsync(this, packet.Data, packet.IsBinary).ConfigureAwait(false);
                break;
            case EnginePacketType.Pong:
                OnPong();
                break;
            case EnginePacketType.Ping:
                EngineLog.ProtocolViolation(Logger, Id, "invalid heartbeat direction");
                OnClose(EngineCloseReason.TransportError);
                break;
            case EnginePacketType.Close:
                OnClose(EngineCloseReason.TransportClose);
                break;
            default:
                // open, upgrade and noop from a client carry no meaning on an established transport; the reference ignores them.
                break;
        }
    }

    /// <summary>A record or frame could not be decoded.</summary>
    internal void OnParseError() => OnClose(EngineCloseReason.ParseError);

    /// <summary>The transport broke a rule or failed (overlapping polls, bad content, oversize message).</summary>
    internal void OnTransportError(EngineTransport transport, string description)
    {
        if (ReferenceEquals(transport, _probe))
        {
            CancelUpgrade(transport);
            return;
        }

        EngineLog.TransportError(Logger, Id, description);
        OnClose(EngineCloseReason.TransportError);
    }

    /// <summary>The client went away on this transport.</summary>
    internal void OnTransportClosed(EngineTransport transport)
    {
        if (ReferenceEquals(transport, _probe))
        {
            CancelUpgrade(transport);
            return;
        }

        if (ReferenceEquals(transport, Transport))
        {
            OnClose(EngineCloseReason.TransportClose);
        }
    }

    /// <summary>The graceful close finished writing everything.</summary>
    internal void OnGracefulCloseCompleted() => OnClose(EngineCloseReason.ForcedClose);

    /// <summary>Closes the session now: the single place where a session ends.</summary>
    internal void OnClose(EngineCloseReason reason)
    {
        EngineTransport transport;
        WebSocketTransport? probe;
        lock (Sync)
        {
            if (_state == SessionState.Closed)
            {
                return;
            }

            _state = SessionState.Closed;
            transport = _transport;
            probe = _probe;
            _probe = null;
            StopUpgradeTimers();
        }

        _heartbeat.Dispose();
        Outbound.Discard();
        probe?.Abort();
        if (reason == EngineCloseReason.SlowConsumer)
        {
            transport.AbortNow();
        }
        else
        {
            transport.Abort();
        }

        _server.Remove(this);
        EngineLog.SessionClosed(Logger, Id, reason.ToReasonString());
        Interlocked.Exchange(ref _closed, ClosedBeforeAsked)?.Cancel();
        _server.NotifyClosed(this, reason);
    }

    /// <summary>Starts a polling→WebSocket upgrade; false when the session cannot upgrade (already upgrading or upgraded).</summary>
    internal bool TryBeginUpgrade(WebSocketTransport probe)
    {
        lock (Sync)
        {
            if (_state != SessionState.Open || _probe is not null || _upgraded || _transport is not PollingTransport)
            {
                return false;
            }

            _probe = probe;
            _upgradeTimeout = _server.Time.CreateTimer(static s => ((EngineSession)s!).OnUpgradeTimeout(), this, Options.UpgradeTimeout, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    /// <summary>Handles a packet on the WebSocket that is probing for an upgrade.</summary>
    internal async ValueTask HandleProbePacketAsync(WebSocketTransport probe, EnginePacket packet)
    {
        if (packet.Type == EnginePacketType.Ping && packet.IsProbe)
        {
            await probe.SendNowAsync(EngineMessage.ProbePong).ConfigureAwait(false);
            lock (Sync)
            {
                if (ReferenceEquals(_probe, probe))
                {
                    // Releases the pending GET so the client can pause polling and send the upgrade packet.
                    _noopTimer?.Dispose();
                    _noopTimer = _server.Time.CreateTimer(static s => ((EngineSession)s!).OnNoopTimer(), this, NoopInterval, NoopInterval);
                }
            }

            return;
        }

        if (packet.Type == EnginePacketType.Upgrade)
        {
            CompleteUpgrade(probe);
            return;
        }

        EngineLog.UpgradeAborted(Logger, Id, "unexpected packet during probe");
        CancelUpgrade(probe);
    }

    private void CompleteUpgrade(WebSocketTransport probe)
    {
        EngineTransport previous;
        bool closing;
        lock (Sync)
        {
            if (!ReferenceEquals(_probe, probe) || _state == SessionState.Closed)
            {
                return;
            }

            StopUpgradeTimers();
            previous = _transport;
            Volatile.Write(ref _transport, probe);
            _probe = null;
            _upgraded = true;
            closing = _state == SessionState.Closing;
        }

        previous.Abort();
        probe.Activate();
        EngineLog.Upgraded(Logger, Id);
        if (closing)
        {
            probe.BeginGracefulClose();
        }
    }

    private void CancelUpgrade(EngineTransport probe)
    {
        lock (Sync)
        {
            if (!ReferenceEquals(_probe, probe))
            {
                return;
            }

            _probe = null;
            StopUpgradeTimers();
        }

        probe.Abort();
    }

    private void StopUpgradeTimers()
    {
        _upgradeTimeout?.Dispose();
        _upgradeTimeout = null;
        _noopTimer?.Dispose();
        _noopTimer = null;
    }

    private void OnUpgradeTimeout()
    {
        var probe = _probe;
        if (probe is not null)
        {
            EngineLog.UpgradeAborted(Logger, Id, "upgrade timeout");
            CancelUpgrade(probe);
        }
    }

    private void OnNoopTimer()
    {
        if (Transport is PollingTransport polling)
        {
            polling.ReleasePendingPoll();
        }
    }

    private void OnHeartbeatTimer()
    {
        bool timedOut;
        lock (Sync)
        {
            if (_state == SessionState.Closed)
            {
                return;
            }

            timedOut = _awaitingPong;
            if (!timedOut && _state == SessionState.Open)
            {
                // The pong deadline counts from when the ping was due, not from when this callback ran, so timer
                // lateness does not stretch the timeout: clients rely on pingInterval + pingTimeout.
                _awaitingPong = true;
                var deadline = _pingDueTimestamp + ToTimestampTicks(Options.PingTimeout);
                var remaining = Time.GetElapsedTime(Time.GetTimestamp(), deadline);
                _heartbeat.Change(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }

        if (timedOut)
        {
            OnClose(EngineCloseReason.PingTimeout);
        }
        else if (_awaitingPong)
        {
            // Queued even without a pending GET: it leaves with the next poll.
            Outbound.EnqueueControl(EngineMessage.Ping);
        }
    }

    /// <summary>
    /// A send found the client over <see cref="EngineOptions.MaxBufferedBytes"/>; the queue already let go of what it
    /// held. The close runs on the thread pool: the sender may be a broadcast loop or a listener holding its own
    /// locks, and must neither wait for the stuck socket nor run disconnect listeners inline.
    /// </summary>
    private void OnSlowConsumer()
    {
        EngineLog.SlowConsumer(Logger, Id, Options.MaxBufferedBytes);
        ThreadPool.UnsafeQueueUserWorkItem(static session => session.OnClose(EngineCloseReason.SlowConsumer), this, preferLocal: false);
    }

    /// <summary>
    /// The source of <see cref="ConnectionClosed"/>, made on first use. Once the session closed, the stand-in left in
    /// its place (already cancelled) is what a late asker gets.
    /// </summary>
    private CancellationTokenSource ClosedSource()
    {
        var fresh = new CancellationTokenSource();
        var existing = Interlocked.CompareExchange(ref _closed, fresh, null);
        if (existing is null)
        {
            return fresh;
        }

        fresh.Dispose();
        return existing;
    }

    private static CancellationTokenSource CancelledSource()
    {
        var source = new CancellationTokenSource();
        source.Cancel();
        return source;
    }

    private long ToTimestampTicks(TimeSpan duration) => (long)(duration.TotalSeconds * Time.TimestampFrequency);

    private void OnPong()
    {
        lock (Sync)
        {
            if (_state == SessionState.Closed || !_awaitingPong)
            {
                return;
            }

            _awaitingPong = false;
            _pingDueTimestamp = Time.GetTimestamp() + ToTimestampTicks(Options.PingInterval);
            _heartbeat.Change(Options.PingInterval, Timeout.InfiniteTimeSpan);
        }
    }
}
