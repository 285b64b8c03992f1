using System.IO.Pipelines;
using System.Net.WebSockets;
using SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>
/// Sending. One frame is written and flushed at a time (the gate); a pong owed for a ping that arrives during a send
/// waits in <see cref="_owedPong"/> and goes out when the gate opens, so control frames never cut into a frame.
/// </summary>
internal sealed partial class PipeWebSocket
{
    private static readonly TimeSpan GateRetry = TimeSpan.FromMilliseconds(1);

    private int _sendGate;
    private byte[]? _owedPong;
    private bool _sendingFragment;
    private bool _closeSent;

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        var state = State;
        if (state is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return ValueTask.FromException(InvalidState(state));
        }

        if (!TryEnterSend())
        {
            return ValueTask.FromException(new InvalidOperationException("There is already one outstanding 'SendAsync' call for this WebSocket instance."));
        }

        var opcode = _sendingFragment ? WebSocketOpcode.Continuation
            : messageType == WebSocketMessageType.Text ? WebSocketOpcode.Text : WebSocketOpcode.Binary;
        _sendingFragment = !endOfMessage;
        FrameWriter.Write(_output, opcode, endOfMessage, buffer.Span);
        return FlushAndExitSendAsync(cancellationToken);
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        var state = State;
        if (state is WebSocketState.CloseSent or WebSocketState.Closed)
        {
            return;
        }

        if (state is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            throw InvalidState(state);
        }

        await SendCloseAsync(closeStatus, statusDescription, cancellationToken).ConfigureAwait(false);
    }

    private bool TryEnterSend() => Interlocked.CompareExchange(ref _sendGate, 1, 0) == 0;

    private void ExitSend()
    {
        Volatile.Write(ref _sendGate, 0);
        if (Volatile.Read(ref _owedPong) is not null)
        {
            _ = SendOwedPongAsync();
        }
    }

    /// <summary>Flushes what the caller wrote (and an owed pong), then opens the gate; synchronous when the pipe takes it at once.</summary>
    private ValueTask FlushAndExitSendAsync(CancellationToken cancellationToken)
    {
        WriteOwedPong();
        ValueTask<FlushResult> flush;
        try
        {
            flush = _output.FlushAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            ExitSend();
            return ValueTask.FromException(ex);
        }

        if (!flush.IsCompletedSuccessfully)
        {
            return AwaitFlushAndExitSendAsync(flush, cancellationToken);
        }

        var result = flush.Result;
        ExitSend();
        return result.IsCanceled ? ValueTask.FromCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : new CancellationToken(true)) : default;
    }

    private async ValueTask AwaitFlushAndExitSendAsync(ValueTask<FlushResult> flush, CancellationToken cancellationToken)
    {
        try
        {
            var result = await flush.ConfigureAwait(false);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
        finally
        {
            ExitSend();
        }
    }

    private void QueuePong(byte[] payload)
    {
        // Only the latest ping needs its pong (RFC 6455 §5.5.3).
        Volatile.Write(ref _owedPong, payload);
        _ = SendOwedPongAsync();
    }

    private async Task SendOwedPongAsync()
    {
        if (!TryEnterSend())
        {
            // The send in flight writes it when it exits the gate.
            return;
        }

        try
        {
            await FlushAndExitSendAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The connection is going; its reader reports that.
        }
    }

    private void WriteOwedPong()
    {
        var pong = Interlocked.Exchange(ref _owedPong, null);
        if (pong is not null && !_closeSent)
        {
            FrameWriter.Write(_output, WebSocketOpcode.Pong, fin: true, pong);
        }
    }

    private async ValueTask SendCloseAsync(WebSocketCloseStatus status, string? description, CancellationToken cancellationToken)
    {
        // Only an owed pong's flush can hold the gate here (the caller serializes its own sends), and only briefly.
        while (!TryEnterSend())
        {
            await Task.Delay(GateRetry, cancellationToken).ConfigureAwait(false);
        }

        if (_closeSent)
        {
            ExitSend();
            return;
        }

        _closeSent = true;
        WriteOwedPong();
        FrameWriter.WriteClose(_output, status, description);
        if (Interlocked.CompareExchange(ref _state, (int)WebSocketState.CloseSent, (int)WebSocketState.Open) != (int)WebSocketState.Open)
        {
            Interlocked.CompareExchange(ref _state, (int)WebSocketState.Closed, (int)WebSocketState.CloseReceived);
        }

        await FlushAndExitSendAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SendCloseQuietlyAsync(WebSocketCloseStatus status)
    {
        try
        {
            await SendCloseAsync(status, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The connection is already going.
        }
    }
}
