using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;
using SocketIo.Server.Engine.Protocol;

namespace SocketIo.Server.Engine.Transports;

/// <summary>
/// A WebSocket carrying a session (or probing to take it over from polling). One reader loop delivers packets in
/// order; one writer at a time drains the session's queue; every frame goes out through one gate, so the probe
/// reply, data and the close frame never interleave. Messages are assembled with a size and fragment bound and
/// never buffered past <see cref="EngineOptions.MaxHttpBufferSize"/>. A drained packet stays counted in the
/// session's buffered bytes until its send completes, so a client that never reads cannot pin more than
/// <see cref="EngineOptions.MaxBufferedBytes"/> in the writer.
/// </summary>
/// <remarks>
/// An idle connection holds no cancellation token and no close machinery: reads and sends take no token (one would
/// register a callback per connection, or per frame), and what a close needs (its grace timer, the task the read
/// loop waits for) is made when a close begins. A read or send that must be cut short ends by aborting the socket and
/// the connection under it. Nor does it keep a writer suspended: the queue wakes the transport when a packet arrives,
/// and the writer runs until the queue is empty, then returns.
/// </remarks>
internal sealed class WebSocketTransport : EngineTransport, IOutboundWaiter, IDisposable
{
    private const int InitialReceiveBufferSize = 4096;
    private const int MaxDrainAfterClose = 64 * 1024;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly EngineSession _session;
    private readonly WebSocket _socket;
    private readonly IHttpRequestLifetimeFeature? _request;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private volatile bool _active;
    private TaskCompletionSource? _closed;
    private CancellationTokenSource? _closeGrace;
    private long _drainedAfterClose;
    private volatile bool _abortNow;
    private volatile bool _stopWriting;
    private SendGate _send;

    /// <param name="session">The session this transport carries or probes for.</param>
    /// <param name="socket">The accepted WebSocket.</param>
    /// <param name="request">
    /// The request that accepted the socket, to abort its connection; not the request itself, which an idle
    /// connection then need not keep.
    /// </param>
    public WebSocketTransport(EngineSession session, WebSocket socket, IHttpRequestLifetimeFeature? request)
    {
        _session = session;
        _socket = socket;
        _request = request;
    }

    public override string Name => WebSocketName;

    public override bool IsWritable => _session.Outbound.BufferedBytes == 0;

    /// <summary>Makes this transport the one carrying the session: its writer starts draining the queue.</summary>
    public void Activate()
    {
        _active = true;
        _ = WriteAsync();
    }

    public override void BeginGracefulClose() => _session.Outbound.Wake();

    public override void Abort()
    {
        if (Volatile.Read(ref _closed) is not null)
        {
            return;
        }

        // Made only once a close begins; the read loop waits for the close through it.
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _closed, closed, null) is null)
        {
            _ = CloseAsync(closed);
        }
    }

    public override void AbortNow()
    {
        _abortNow = true;
        Abort();
    }

    /// <summary>Sends one frame now, outside the queue (the probe reply).</summary>
    public async Task SendNowAsync(EngineMessage message)
    {
        // Once the close took the socket, a reply would follow the close frame: there is no one left to answer.
        if (!_send.TryBegin())
        {
            return;
        }

        try
        {
            await SendAsync(message).ConfigureAwait(false);
        }
        finally
        {
            _send.End();
        }
    }

    public void Dispose() => _closeGrace?.Dispose();

    /// <summary>
    /// Reads until the socket ends, then closes; the request that accepted the socket awaits this. The read loop is
    /// this method itself, not one it awaits: every idle connection keeps each suspended frame.
    /// </summary>
    public async Task RunAsync()
    {
        try
        {
            while (true)
            {
                // An idle connection holds no receive buffer: a zero-byte read waits for the next frame, and the buffer
                // is rented only for as long as one message takes to arrive and be handled. Nothing else is kept
                // across this wait: this frame stays suspended for as long as the connection is idle.
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsEndOfConnection(ex))
                {
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Close || !await ReadMessageAsync(result).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        finally
        {
            _session.OnTransportClosed(this);
            Abort();
            await EndAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads the rest of the message the zero-byte read announced, and handles it; false when reading stops.</summary>
    private async ValueTask<bool> ReadMessageAsync(ValueWebSocketReceiveResult result)
    {
        var options = _session.Options;
        var buffer = ArrayPool<byte>.Shared.Rent(InitialReceiveBufferSize);
        try
        {
            var length = 0;
            var fragments = 0;
            while (!result.EndOfMessage)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length, options.MaxHttpBufferSize + 1);
                }

                try
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsEndOfConnection(ex))
                {
                    return false;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return false;
                }

                length += result.Count;
                fragments++;
                if (length > options.MaxHttpBufferSize || (!result.EndOfMessage && fragments >= options.MaxWebSocketFragments))
                {
                    _closeStatus = WebSocketCloseStatus.MessageTooBig;
                    _session.OnTransportError(this, length > options.MaxHttpBufferSize ? "message too big" : "too many fragments");
                    return false;
                }
            }

            return await HandleMessageAsync(buffer.AsMemory(0, length), result.MessageType == WebSocketMessageType.Binary).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The read loop ended: waits for the close and for a send in flight, so the request can end.</summary>
    private async Task EndAsync()
    {
        await _closed!.Task.ConfigureAwait(false);

        // Once this holds the gate, nothing more goes out: the request can end.
        await CloseSendsAsync(CancellationToken.None).ConfigureAwait(false);
        Dispose();
    }

    /// <summary>Hands one message to the session; false when this transport should stop reading.</summary>
    private async ValueTask<bool> HandleMessageAsync(ReadOnlyMemory<byte> message, bool isBinary)
    {
        EnginePacket packet;
        if (isBinary)
        {
            packet = EnginePacketDecoder.DecodeBinary(message);
        }
        else if (!EnginePacketDecoder.TryDecodeText(message, out packet))
        {
            if (_active)
            {
                _session.OnParseError();
            }

            return false;
        }

        if (_active)
        {
            await _session.HandlePacketAsync(packet).ConfigureAwait(false);
            if (!_session.IsClosed)
            {
                return true;
            }

            // Once the session is closed its packets are ignored, but a little more is read, until the client's close
            // frame: closing the connection with unread data in it resets it, and a client still sending (a flood cut
            // off by the rate limit) would lose what was sent to it last, the DISCONNECT. Bounded, so a client that
            // keeps sending is hung up on at once.
            _drainedAfterClose += message.Length;
            return _drainedAfterClose <= MaxDrainAfterClose;
        }

        await _session.HandleProbePacketAsync(this, packet).ConfigureAwait(false);
        return Volatile.Read(ref _closed) is null;
    }

    /// <summary>The queue has a packet, or was woken: the writer runs again.</summary>
    void IOutboundWaiter.Wake() => _ = WriteAsync();

    /// <summary>
    /// Sends what the queue holds, then arms the queue to wake this transport again and returns: an idle connection
    /// keeps no writer suspended. One runs at a time, since the queue wakes only an armed waiter and only the writer
    /// arms it. The queue runs it on the producer's thread: a send that completes at once then costs no thread hop,
    /// which is most of what a broadcast costs per recipient. So nothing here may block, and whatever may run
    /// listeners (the session's close callbacks) moves to the thread pool first.
    /// </summary>
    private async Task WriteAsync()
    {
        var outbound = _session.Outbound;
        var completed = false;
        try
        {
            while (!_stopWriting)
            {
                var closing = _session.IsClosing;
                while (outbound.TryDequeue(out var message))
                {
                    if (!_send.TryBegin())
                    {
                        break;
                    }

                    try
                    {
                        // Looked at while holding the gate, so a close waiting for it is not overtaken again and again.
                        if (_stopWriting)
                        {
                            break;
                        }

                        await SendAsync(message).ConfigureAwait(false);
                    }
                    finally
                    {
                        _send.End();
                    }

                    outbound.Release(message.Length);
                }

                if (closing && !_stopWriting)
                {
                    completed = true;
                    break;
                }

                if (!_stopWriting && outbound.TryArm(this))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (IsEndOfConnection(ex))
        {
            // Reported below, off the producer's thread.
        }

        await Task.Yield();
        if (completed)
        {
            _session.OnGracefulCloseCompleted();
        }
        else
        {
            _session.OnTransportClosed(this);
        }
    }

    private async Task CloseAsync(TaskCompletionSource closed)
    {
        _stopWriting = true;
        if (_active)
        {
            _session.Outbound.Wake();
        }

        if (_abortNow)
        {
            // The client does not read: a close frame would wait behind the blocked send. Aborting the socket and the
            // connection ends that send and the read, and frees what Kestrel and the kernel still hold for it. This
            // runs before RunAsync lets the request end, so the request is still this connection's.
            AbortConnection();
            closed.TrySetResult();
            return;
        }

        // The client has this long to answer the close frame; then the read (and a send or close frame still blocked
        // on a client that does not read) is ended.
        var grace = new CancellationTokenSource(CloseGrace);
        _closeGrace = grace;
        grace.Token.UnsafeRegister(static state => ((WebSocketTransport)state!).StopReading(), this);
        try
        {
            // Waits for a frame in flight, so the close frame follows whole frames; the gate then stays closed.
            await CloseSendsAsync(grace.Token).ConfigureAwait(false);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_closeStatus, null, grace.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsEndOfConnection(ex))
        {
            // The read, if still pending, ends when the grace does.
            _socket.Abort();
        }
        finally
        {
            closed.TrySetResult();
        }
    }

    /// <summary>Takes the send gate for good, once a send in flight has ended.</summary>
    private async ValueTask CloseSendsAsync(CancellationToken cancellationToken)
    {
        while (!_send.TryClose(out var idle))
        {
            await idle!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // No token: with one, the WebSocket takes its slow path for every frame (an async state machine and a
    // cancellation registration). A send that never completes ends when the close path aborts the socket.
    private ValueTask SendAsync(EngineMessage message) =>
        _socket.SendAsync(message.Wire, message.IsBinary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private void AbortConnection()
    {
        _socket.Abort();
        _request?.Abort();
    }

    /// <summary>
    /// Ends the pending read without a token: gently where the connection allows it (the connection then closes as
    /// after the client's close), else by cutting the connection.
    /// </summary>
    private void StopReading()
    {
        _socket.Abort();
        if (_request is IReadStoppingRequest connection)
        {
            connection.StopReading();
        }
        else
        {
            _request?.Abort();
        }
    }

    /// <summary>How a read, send or close ends when the client went away or the connection was cut.</summary>
    private static bool IsEndOfConnection(Exception ex) =>
        ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException;

    private static byte[] Grow(byte[] buffer, int length, int limit)
    {
        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
        buffer.AsSpan(0, length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }
}
