using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Threading.Tasks.Sources;
using SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>
/// The server side of RFC 6455 (no extensions) straight on a connection's pipes: frames are parsed where the
/// transport buffered them and unmasked into the caller's buffer, and written into the output pipe.
/// </summary>
/// <remarks>
/// It exists for idle connections, which are most of them: <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>
/// over the pipes keeps a stream adapter, a state machine for the stream's read and one for the socket's receive
/// alive while it waits. Here a pending receive is this object itself (it is its own
/// <see cref="IValueTaskSource{TResult}"/>) waiting on the pipe, so it holds nothing else. A protocol violation is
/// answered as the runtime's own WebSocket answers it: a close frame with 1002 (1007 for text that is not UTF-8), then
/// a <see cref="WebSocketException"/> from the receive.
/// </remarks>
internal sealed partial class PipeWebSocket : WebSocket, IValueTaskSource<ValueWebSocketReceiveResult>
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Action _onReadCompleted;
    private ManualResetValueTaskSourceCore<ValueWebSocketReceiveResult> _pending;
    private ValueTask<ReadResult> _pendingRead;
    private Memory<byte> _pendingBuffer;
    private CancellationToken _pendingToken;
    private CancellationTokenRegistration _pendingRegistration;
    private int _state = (int)WebSocketState.Open;
    private WebSocketCloseStatus? _closeStatus;
    private string? _closeStatusDescription;
    private FrameReader _reader;

    public PipeWebSocket(IDuplexPipe transport, string? subProtocol)
    {
        _input = transport.Input;
        _output = transport.Output;
        SubProtocol = subProtocol;
        _onReadCompleted = OnReadCompleted;
    }

    public override WebSocketCloseStatus? CloseStatus => _closeStatus;

    public override string? CloseStatusDescription => _closeStatusDescription;

    public override WebSocketState State => (WebSocketState)Volatile.Read(ref _state);

    public override string? SubProtocol { get; }

    public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<ValueWebSocketReceiveResult>(cancellationToken);
        }

        var state = State;
        if (state is not (WebSocketState.Open or WebSocketState.CloseSent))
        {
            return ValueTask.FromException<ValueWebSocketReceiveResult>(InvalidState(state));
        }

        _pendingBuffer = buffer;
        _pendingToken = cancellationToken;
        try
        {
            // The token is not the read's: a read that completes at once then costs no registration; one that waits
            // registers it below.
            var read = _input.ReadAsync(CancellationToken.None);
            while (read.IsCompleted)
            {
                if (TryReceive(read.GetAwaiter().GetResult(), out var result))
                {
                    _pendingBuffer = default;
                    return new ValueTask<ValueWebSocketReceiveResult>(result);
                }

                read = _input.ReadAsync(CancellationToken.None);
            }

            _pending.Reset();
            if (cancellationToken.CanBeCanceled)
            {
                // Only a token that can fire costs a registration, and only while the read waits.
                _pendingRegistration = cancellationToken.UnsafeRegister(static s => ((PipeReader)s!).CancelPendingRead(), _input);
            }

            WaitFor(read);
            return new ValueTask<ValueWebSocketReceiveResult>(this, _pending.Version);
        }
        catch (Exception ex)
        {
            _pendingBuffer = default;
            return ValueTask.FromException<ValueWebSocketReceiveResult>(ex);
        }
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return result.MessageType == WebSocketMessageType.Close
            ? new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, _closeStatus, _closeStatusDescription)
            : new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    public override async Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        await CloseOutputAsync(closeStatus, statusDescription, cancellationToken).ConfigureAwait(false);
        var scratch = new byte[256];
        while (State == WebSocketState.CloseSent)
        {
            await ReceiveAsync(scratch.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the WebSocket, not the connection: a waiting receive and a blocked send end now, and nothing more is
    /// read or written. As with the runtime's WebSocket over an upgraded request, the connection closes when its
    /// owner lets it go (or aborts it: the transport does, for a client that does not read).
    /// </summary>
    public override void Abort()
    {
        var state = State;
        if (state is WebSocketState.Closed or WebSocketState.Aborted)
        {
            return;
        }

        Volatile.Write(ref _state, (int)WebSocketState.Aborted);
        _input.CancelPendingRead();
        _output.CancelPendingFlush();
    }

    public override void Dispose()
    {
        if (State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            Volatile.Write(ref _state, (int)WebSocketState.Closed);
        }
    }

    ValueWebSocketReceiveResult IValueTaskSource<ValueWebSocketReceiveResult>.GetResult(short token) => _pending.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<ValueWebSocketReceiveResult>.GetStatus(short token) => _pending.GetStatus(token);

    void IValueTaskSource<ValueWebSocketReceiveResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _pending.OnCompleted(continuation, state, token, flags);

    private void WaitFor(ValueTask<ReadResult> read)
    {
        _pendingRead = read;
        read.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReadCompleted);
    }

    private void OnReadCompleted()
    {
        try
        {
            var read = _pendingRead.GetAwaiter().GetResult();
            _pendingRead = default;
            while (true)
            {
                if (TryReceive(read, out var result))
                {
                    Complete(result, null);
                    return;
                }

                var next = _input.ReadAsync();
                if (!next.IsCompleted)
                {
                    WaitFor(next);
                    return;
                }

                read = next.GetAwaiter().GetResult();
            }
        }
        catch (Exception ex)
        {
            Complete(default, ex);
        }
    }

    private void Complete(ValueWebSocketReceiveResult result, Exception? error)
    {
        _pendingRegistration.Dispose();
        _pendingRegistration = default;
        _pendingBuffer = default;
        var token = _pendingToken;
        _pendingToken = default;
        if (error is null)
        {
            _pending.SetResult(result);
        }
        else
        {
            _pending.SetException(error is OperationCanceledException && token.IsCancellationRequested ? new OperationCanceledException(token) : error);
        }
    }

    /// <summary>
    /// Takes what it can from one read: true with a result for the caller, false when more bytes must arrive (the
    /// read is then advanced so the next one waits for them).
    /// </summary>
    private bool TryReceive(ReadResult read, out ValueWebSocketReceiveResult result)
    {
        var buffer = read.Buffer;
        if (read.IsCanceled)
        {
            _input.AdvanceTo(buffer.Start);
            throw new OperationCanceledException(_pendingToken);
        }

        while (true)
        {
            var step = _reader.Read(ref buffer, _pendingBuffer.Span, out result, out var control);
            switch (step)
            {
                case FrameReadStep.Result:
                    _input.AdvanceTo(buffer.Start);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        OnCloseReceived(control);
                    }

                    return true;

                case FrameReadStep.Ping:
                    QueuePong(control.PingPayload!);
                    continue;

                case FrameReadStep.Pong:
                    continue;

                case FrameReadStep.NeedMore:
                    if (read.IsCompleted)
                    {
                        _input.AdvanceTo(buffer.End);
                        Volatile.Write(ref _state, (int)WebSocketState.Aborted);
                        throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The remote party closed the WebSocket connection without completing the close handshake.");
                    }

                    _input.AdvanceTo(buffer.Start, buffer.End);
                    return false;

                case FrameReadStep.Unmasked:
                    _input.AdvanceTo(buffer.End);
                    Volatile.Write(ref _state, (int)WebSocketState.Aborted);
                    throw new WebSocketException(WebSocketError.Faulted, "The WebSocket received a client frame without a mask.");

                default:
                    _input.AdvanceTo(buffer.End);
                    throw Fail(step == FrameReadStep.InvalidUtf8 ? WebSocketCloseStatus.InvalidPayloadData : WebSocketCloseStatus.ProtocolError);
            }
        }
    }

    private void OnCloseReceived(ControlFrame close)
    {
        _closeStatus = close.CloseStatus;
        _closeStatusDescription = close.CloseDescription;
        // Open → CloseReceived; after our own close frame, the handshake is complete.
        if (Interlocked.CompareExchange(ref _state, (int)WebSocketState.CloseReceived, (int)WebSocketState.Open) != (int)WebSocketState.Open)
        {
            Interlocked.CompareExchange(ref _state, (int)WebSocketState.Closed, (int)WebSocketState.CloseSent);
        }
    }

    /// <summary>Answers a protocol violation with a close frame (best effort) and fails the receive.</summary>
    private WebSocketException Fail(WebSocketCloseStatus status)
    {
        if (State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            _ = SendCloseQuietlyAsync(status);
        }

        return new WebSocketException(WebSocketError.Faulted, status == WebSocketCloseStatus.InvalidPayloadData
            ? "The WebSocket received a text message that is not valid UTF-8."
            : "The WebSocket received a frame that violates the protocol.");
    }

    private static WebSocketException InvalidState(WebSocketState state) =>
        new(WebSocketError.InvalidState, $"The WebSocket is in state {state}.");
}
