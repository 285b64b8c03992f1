using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SocketIo.Server.Engine.Protocol;

namespace SocketIo.Server.Engine.Transports;

/// <summary>
/// HTTP long-polling: a GET is held until there is something to send, then carries everything queued; a POST
/// carries the client's packets. At most one GET and one POST may be in flight; a second of either kind is a
/// protocol violation that closes the session, as in the reference.
/// </summary>
internal sealed class PollingTransport(EngineSession session) : EngineTransport
{
    private static readonly byte[] OkBody = "ok"u8.ToArray();

    private readonly Lock _pollLock = new();
    private readonly WakeSignal _wake = new();
    private HttpContext? _pollContext;
    private TaskCompletionSource? _pollAnswering;
    private int _pollPending;
    private int _postPending;
    private volatile bool _noopRequested;
    private volatile bool _aborted;
    private volatile bool _closedByClient;
    private ITimer? _closeTimeout;

    public override string Name => PollingName;

    /// <summary>Whether a GET is being held open.</summary>
    public override bool IsWritable => IsPollPending;

    public bool IsPollPending => Volatile.Read(ref _pollPending) == 1;

    public override void BeginGracefulClose()
    {
        // The close packet rides on the pending GET, or on the next one if the client sends it in time.
        _closeTimeout = session.Time.CreateTimer(
            static s => ((EngineSession)s!).OnGracefulCloseCompleted(), session, session.Options.PollingCloseTimeout, Timeout.InfiniteTimeSpan);
        session.Outbound.Wake();
    }

    public override void Abort()
    {
        _aborted = true;
        _closeTimeout?.Dispose();
        session.Outbound.Wake();
    }

    public override void AbortNow()
    {
        // A GET whose response the client does not read holds its batch until Kestrel gives up on it. Under the lock
        // the GET is still running, so the context is still this request's and not a later one on the connection.
        lock (_pollLock)
        {
            _pollContext?.Abort();
        }

        Abort();
    }

    /// <summary>During an upgrade: answer a pending GET with a noop so the client can pause polling.</summary>
    public void ReleasePendingPoll()
    {
        if (IsPollPending)
        {
            _noopRequested = true;
            session.Outbound.Wake();
        }
    }

    public Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            return HandlePollAsync(context);
        }

        if (HttpMethods.IsPost(method))
        {
            return HandleDataAsync(context);
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return Task.CompletedTask;
    }

    private async Task HandlePollAsync(HttpContext context)
    {
        if (Interlocked.CompareExchange(ref _pollPending, 1, 0) != 0 && !await TakeOverAnsweredPollAsync(context).ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            session.OnTransportError(this, "overlap from client");
            return;
        }

        lock (_pollLock)
        {
            _pollContext = context;
        }

        TaskCompletionSource? answering = null;
        try
        {
            var arrivedWhileClosing = session.IsClosing;
            var batch = new List<EngineMessage>();
            long drained = 0;
            bool closing;
            while (true)
            {
                if (_aborted)
                {
                    // The session is gone: whatever was queued is dropped. A client that closed itself only needs its
                    // poll released (noop); otherwise it learns of the close.
                    batch.Clear();
                    batch.Add(_closedByClient ? EngineMessage.Noop : EngineMessage.Close);
                    closing = false;
                    break;
                }

                closing = session.IsClosing;
                drained = session.Outbound.DrainTo(batch);
                if (closing)
                {
                    // The close goes alone, on the GET after the last messages, as the reference does: socket.io-client
                    // handles a payload's messages a tick after its close, so a DISCONNECT sent with the close would
                    // arrive after the client already saw "transport close" (and recovery would replay what it had).
                    // A GET that came after the close began gets noop then close, as the reference's poll does.
                    if (batch.Count > 0)
                    {
                        closing = false;
                    }
                    else if (arrivedWhileClosing)
                    {
                        batch.Add(EngineMessage.Noop);
                        batch.Add(EngineMessage.Close);
                    }
                    else
                    {
                        batch.Add(EngineMessage.Close);
                    }

                    break;
                }

                if (batch.Count > 0)
                {
                    break;
                }

                if (_noopRequested)
                {
                    _noopRequested = false;
                    batch.Add(EngineMessage.Noop);
                    break;
                }

                try
                {
                    await session.Outbound.WaitAsync(_wake, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    session.OnTransportError(this, "poll connection closed prematurely");
                    return;
                }
            }

            answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _pollAnswering, answering);
            await WritePayloadAsync(context, batch).ConfigureAwait(false);

            // Counted until written, so a response the client is slow to read still counts against the limit.
            session.Outbound.Release(drained);
            if (closing)
            {
                session.OnGracefulCloseCompleted();
            }
        }
        finally
        {
            lock (_pollLock)
            {
                _pollContext = null;
            }

            _noopRequested = false;
            Volatile.Write(ref _pollPending, 0);

            // Only this GET's own mark: a later GET may already have set its own after _pollPending was released.
            if (answering is not null)
            {
                Interlocked.CompareExchange(ref _pollAnswering, null, answering);
                answering.TrySetResult();
            }
        }
    }

    /// <summary>
    /// A client that has read a whole response polls again at once, possibly before the handler of the GET that
    /// answered it has returned (a busy server): that is no overlap, so the new GET waits for the old one to end.
    /// A GET that arrives while the pending one has not answered yet is an overlap: false.
    /// </summary>
    private async ValueTask<bool> TakeOverAnsweredPollAsync(HttpContext context)
    {
        if (Volatile.Read(ref _pollAnswering) is not { } answering)
        {
            // The answering GET may have ended between our failed claim and this read: it releases _pollPending
            // before its mark, so one more claim tells an ended GET from a pending one.
            return Interlocked.CompareExchange(ref _pollPending, 1, 0) == 0;
        }

        try
        {
            await answering.Task.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return Interlocked.CompareExchange(ref _pollPending, 1, 0) == 0;
    }

    private static async Task WritePayloadAsync(HttpContext context, List<EngineMessage> batch)
    {
        var length = batch.Count - 1;
        foreach (var message in batch)
        {
            length += PollingPayloadWriter.MeasureRecord(message.Length, message.IsBinary);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=UTF-8";
        response.ContentLength = length;
        response.Headers.CacheControl = "no-store";

        var writer = response.BodyWriter;
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            var size = PollingPayloadWriter.MeasureRecord(message.Length, message.IsBinary) + (i > 0 ? 1 : 0);
            var span = writer.GetSpan(size);
            var offset = 0;
            if (i > 0)
            {
                span[0] = PollingPayloadReader.RecordSeparator;
                offset = 1;
            }

            writer.Advance(offset + PollingPayloadWriter.WriteRecord(message.Wire.Span, message.IsBinary, span[offset..]));
        }

        try
        {
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away mid-response; the session notices through its heartbeat.
        }
    }

    private async Task HandleDataAsync(HttpContext context)
    {
        if (Interlocked.CompareExchange(ref _postPending, 1, 0) != 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            session.OnTransportError(this, "data request overlap");
            return;
        }

        var released = false;
        try
        {
            var request = context.Request;
            if (request.ContentType is { } contentType
                && contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                session.OnTransportError(this, "invalid content");
                return;
            }

            var max = session.Options.MaxHttpBufferSize;
            if (request.ContentLength > max)
            {
                RejectOversize(context);
                return;
            }

            var reader = request.BodyReader;
            ReadResult result;
            try
            {
                result = await ReadWholeBodyAsync(reader, max, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
            {
                session.OnTransportError(this, "data request failed");
                return;
            }

            if (result.Buffer.Length > max)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                RejectOversize(context);
                return;
            }

            byte[]? rented = null;
            try
            {
                var body = result.Buffer;
                ReadOnlyMemory<byte> payload;
                if (body.IsSingleSegment)
                {
                    payload = body.First;
                }
                else
                {
                    rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
                    body.CopyTo(rented);
                    payload = rented.AsMemory(0, (int)body.Length);
                }

                await DispatchPayloadAsync(payload).ConfigureAwait(false);
            }
            finally
            {
                reader.AdvanceTo(result.Buffer.End);
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }

            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/html";
            response.ContentLength = OkBody.Length;
            response.Headers.CacheControl = "no-store";

            // The payload is handled: a client that reads the "ok" may post again before this handler returns, and
            // that is no overlap.
            released = true;
            Volatile.Write(ref _postPending, 0);
            await response.Body.WriteAsync(OkBody, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            if (!released)
            {
                Volatile.Write(ref _postPending, 0);
            }
        }
    }

    private async Task DispatchPayloadAsync(ReadOnlyMemory<byte> payload)
    {
        var packets = new PollingPayloadReader(payload);
        while (packets.TryRead(out var packet))
        {
            if (packet.Type == EnginePacketType.Close)
            {
                _closedByClient = true;
                session.OnTransportClosed(this);
                return;
            }

            await session.HandlePacketAsync(packet).ConfigureAwait(false);
            if (session.IsClosed)
            {
                return;
            }
        }

        if (packets.Failed)
        {
            session.OnParseError();
        }
    }

    /// <summary>Reads the body until it ends or grows past <paramref name="max"/>, whichever first: never more than max + one read.</summary>
    private static async Task<ReadResult> ReadWholeBodyAsync(PipeReader reader, long max, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted || result.Buffer.Length > max)
            {
                return result;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private void RejectOversize(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.Headers[HeaderNames.Connection] = "close";
        // The reference drops the data and keeps the session, but the client treats a failed POST as a dead
        // transport anyway; closing here frees the session at once instead of after the ping timeout.
        session.OnTransportError(this, "payload too large");
    }
}
