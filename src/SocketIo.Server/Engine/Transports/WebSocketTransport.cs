using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using SocketIo.Server.Engine.Protocol;

namespace SocketIo.Server.Engine.Transports;

/// <summary>
/// A WebSocket carrying a session (or probing to take it over from polling). One reader loop delivers packets in
/// order; one writer loop drains the session's queue; every frame goes out under one send lock, so the probe
/// reply, data and the close frame never interleave. Messages are assembled with a size and fragment bound and
/// never buffered past <see cref="EngineOptions.MaxHttpBufferSize"/>. A drained packet stays counted in the
/// session's buffered bytes until its send completes, so a client that never reads cannot pin more than
/// <see cref="EngineOptions.MaxBufferedBytes"/> in the writer.
/// </summary>
internal sealed class WebSocketTransport : EngineTransport, IDisposable
{
    private const int InitialReceiveBufferSize = 4096;
    private const int MaxDrainAfterClose = 64 * 1024;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly EngineSession _session;
    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly WakeSignal _wake = new(runsWaiterInline: true);
    private readonly CancellationTokenSource _readStop = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private Task _writer = Task.CompletedTask;
    private volatile bool _active;
    private int _closeStarted;
    private long _drainedAfterClose;
    private volatile bool _abortNow;
    private volatile bool _stopWriting;

    public WebSocketTransport(EngineSession session, WebSocket socket, HttpContext context)
    {
        _session = session;
        _socket = socket;
        _context = context;
    }

    public override string Name => WebSocketName;

    public override bool IsWritable => _session.Outbound.BufferedBytes == 0;

    /// <summary>Makes this transport the one carrying the session: its writer starts draining the queue.</summary>
    public void Activate()
    {
        _active = true;
        _writer = WriteLoopAsync();
    }

    public override void BeginGracefulClose() => _session.Outbound.Wake();

    public override void Abort()
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) == 0)
        {
            _ = CloseAsync();
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
        await _sendLock.WaitAsync(_readStop.Token).ConfigureAwait(false);
        try
        {
            // No token: with one, the WebSocket takes its slow path for every frame (an async state machine and a
            // cancellation registration). A send that never completes ends when the close path aborts the socket.
            await _socket.SendAsync(
                message.Wire,
                message.IsBinary ? WebSocketMessageType.Binary : WebSocketMessageType.Text,
                endOfMessage: true,
                CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }


    public void Dispose()
    {
        _readStop.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>
    /// Reads until the socket ends, then closes; the request that accepted the socket awaits this. The read loop is
    /// this method itself, not one it awaits: every idle connection keeps each suspended frame.
    /// </summary>
    public async Task RunAsync()
    {
        var options = _session.Options;
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                // An idle connection holds no receive buffer: a zero-byte read waits for the next frame, and the buffer
                // is rented only for as long as one message takes to arrive and be handled.
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await _socket.ReceiveAsync(Memory<byte>.Empty, _readStop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
                {
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                buffer = ArrayPool<byte>.Shared.Rent(InitialReceiveBufferSize);
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
                        result = await _socket.ReceiveAsync(buffer.AsMemory(length), _readStop.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
                    {
                        return;
                    }

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    length += result.Count;
                    fragments++;
                    if (length > options.MaxHttpBufferSize || (!result.EndOfMessage && fragments >= options.MaxWebSocketFragments))
                    {
                        _closeStatus = WebSocketCloseStatus.MessageTooBig;
                        _session.OnTransportError(this, length > options.MaxHttpBufferSize ? "message too big" : "too many fragments");
                        return;
                    }
                }

                var keepReading = await HandleMessageAsync(buffer.AsMemory(0, length), result.MessageType == WebSocketMessageType.Binary).ConfigureAwait(false);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = null;
                if (!keepReading)
                {
                    return;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _session.OnTransportClosed(this);
            Abort();
            await _closed.Task.ConfigureAwait(false);
            await _writer.ConfigureAwait(false);
            Dispose();
        }
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
        return Volatile.Read(ref _closeStarted) == 0;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<EngineMessage>();
        var completed = false;
        try
        {
            while (true)
            {
                // No cancellation token: a registration per wait would be an allocation per message. Closing sets
                // the flag and wakes the queue instead. The wake-up runs this loop inline on the producer's thread
                // (see WakeSignal): a send that completes at once then costs no thread hop, which is most of what a
                // broadcast costs per recipient. So nothing below may block, and whatever may run listeners (the
                // session's close callbacks) moves to the thread pool first.
                await _session.Outbound.WaitAsync(_wake, CancellationToken.None).ConfigureAwait(false);
                if (_stopWriting)
                {
                    break;
                }

                var closing = _session.IsClosing;
                _session.Outbound.DrainTo(batch);
                foreach (var message in batch)
                {
                    await SendNowAsync(message).ConfigureAwait(false);
                    _session.Outbound.Release(message.Length);
                }

                batch.Clear();
                if (closing)
                {
                    completed = true;
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
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

    private async Task CloseAsync()
    {
        _stopWriting = true;
        if (_active)
        {
            _session.Outbound.Wake();
        }

        if (_abortNow)
        {
            // The client does not read: a close frame would wait behind the blocked send. Aborting the socket and the
            // connection ends that send and frees what Kestrel and the kernel still hold for it. This runs
            // before RunAsync lets the request end, so the HttpContext is still this connection's.
            await _readStop.CancelAsync().ConfigureAwait(false);
            _socket.Abort();
            _context.Abort();
            _closed.TrySetResult();
            return;
        }

        _readStop.CancelAfter(CloseGrace);
        try
        {
            // Waits for a frame in flight, so the close frame follows whole frames.
            await _sendLock.WaitAsync(_readStop.Token).ConfigureAwait(false);
            try
            {
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(_closeStatus, null, _readStop.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            _socket.Abort();
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    private static byte[] Grow(byte[] buffer, int length, int limit)
    {
        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
        buffer.AsSpan(0, length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }
}
