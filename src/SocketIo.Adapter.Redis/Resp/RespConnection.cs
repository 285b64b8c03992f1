using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// One connection to Redis: commands pipelined (many in flight, replies matched first in, first out), a reading loop
/// that parses replies and hands out-of-band frames to a <see cref="RespFrameFilter"/>, a command timeout and an
/// idle keep-alive. Once broken it stays broken: every pending and later command fails with
/// <see cref="RedisConnectionException"/>, and <see cref="Closed"/> completes. Reconnecting means a new instance.
/// </summary>
/// <remarks>
/// Commands are serialised under a lock into an in-memory pipe that never pauses, and a single sending loop copies
/// that pipe to the network, so callers never wait on a lock and commands go out in the order they were queued. What
/// the pipe holds is bounded by <see cref="RedisConnectionOptions.MaxOutgoingBytes"/>: past it, commands are refused
/// (the bound plus one command at most), not queued.
/// </remarks>
internal sealed partial class RespConnection : IAsyncDisposable
{
    private static readonly RespFrameFilter IgnorePushes = static (in RespValue frame) => frame.Type == RespType.Push;

    private readonly Lock _gate = new();
    private readonly Queue<PendingReply> _pending = new();
    private readonly Pipe _outgoing = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _incoming;
    private readonly RespFrameFilter _filter;
    private readonly TimeProvider _time;
    private readonly TimeSpan _commandTimeout;
    private readonly TimeSpan _keepAlive;
    private readonly long _maxOutgoingBytes;
    private readonly ITimer _healthTimer;
    private readonly Task _receiving;
    private readonly Task _sending;
    private Exception? _closeReason;
    private long _lastReceived;
    private long _outgoingBytes;

    /// <summary>Starts talking over an open stream (use <see cref="ConnectAsync"/> to open one and log in).</summary>
    /// <param name="socket">The socket under <paramref name="stream"/>, closed to interrupt it.</param>
    /// <param name="stream">The stream to Redis (TCP, or TLS over TCP); owned from now on.</param>
    /// <param name="options">Supplies the command timeout and keep-alive interval.</param>
    /// <param name="filter">Takes out-of-band frames; null ignores RESP3 pushes and takes everything else as replies.</param>
    /// <param name="time">The clock for timeouts.</param>
    public RespConnection(Socket socket, Stream stream, RedisConnectionOptions options, RespFrameFilter? filter, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _socket = socket;
        _stream = stream;
        _filter = filter ?? IgnorePushes;
        _time = time;
        _commandTimeout = options.CommandTimeout;
        _keepAlive = options.KeepAliveInterval == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : options.KeepAliveInterval;
        _maxOutgoingBytes = options.MaxOutgoingBytes;
        _lastReceived = time.GetTimestamp();
        Name = $"{options.Host}:{options.Port}";
        _incoming = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var period = HealthCheckPeriod(_commandTimeout, _keepAlive);
        _healthTimer = time.CreateTimer(static state => ((RespConnection)state!).CheckHealth(), this, period, period);
        _receiving = Task.Run(ReceiveLoopAsync);
        _sending = Task.Run(SendLoopAsync);
    }

    /// <summary>The server's address, for messages.</summary>
    public string Name { get; }

    /// <summary>Whether the connection can still carry commands.</summary>
    public bool IsOpen => Volatile.Read(ref _closeReason) is null;

    /// <summary>Completes (never faults) once the connection is broken or closed; <see cref="CloseReason"/> says why.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the connection closed; null while open.</summary>
    public Exception? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>The bytes of commands written and not yet sent to Redis.</summary>
    public long OutgoingBytes => Volatile.Read(ref _outgoingBytes);

    /// <summary>Sends a command whose arguments are all text.</summary>
    /// <param name="arguments">The command name and its arguments.</param>
    /// <param name="cancellationToken">Stops waiting for the reply (the command is still sent and its reply consumed).</param>
    /// <returns>The reply (owning its bytes).</returns>
    /// <exception cref="RedisConnectionException">The connection is closed, or broke before the reply.</exception>
    /// <exception cref="RedisCommandException">Redis answered with an error.</exception>
    public Task<RespValue> SendAsync(string[] arguments, CancellationToken cancellationToken = default) =>
        SendAsync(arguments, static (IBufferWriter<byte> writer, in string[] args) => RespWriter.WriteCommand(writer, args), cancellationToken);

    /// <summary>Sends a command written by <paramref name="write"/>.</summary>
    /// <typeparam name="TState">What <paramref name="write"/> needs.</typeparam>
    /// <param name="state">The command's arguments.</param>
    /// <param name="write">Writes exactly one command.</param>
    /// <param name="cancellationToken">Stops waiting for the reply (the command is still sent and its reply consumed).</param>
    /// <returns>The reply (owning its bytes).</returns>
    /// <exception cref="RedisConnectionException">The connection is closed, or broke before the reply.</exception>
    /// <exception cref="RedisCommandException">Redis answered with an error.</exception>
    public Task<RespValue> SendAsync<TState>(TState state, RespCommandWriter<TState> write, CancellationToken cancellationToken = default)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(write);
        var pending = new PendingReply(_time.GetTimestamp());
        lock (_gate)
        {
            if (_closeReason is not null)
            {
                return Task.FromException<RespValue>(NotConnected(_closeReason));
            }

            if (Volatile.Read(ref _outgoingBytes) >= _maxOutgoingBytes)
            {
                return Task.FromException<RespValue>(new RedisConnectionException(
                    $"The commands waiting for Redis at {Name} reached {nameof(RedisConnectionOptions.MaxOutgoingBytes)} ({_maxOutgoingBytes} bytes): Redis does not take them as fast as they come."));
            }

            try
            {
                write(_outgoing.Writer, state);
            }
            catch (Exception ex)
            {
                // Part of the command may be in the buffer: the stream can no longer be trusted.
                var reason = new RedisConnectionException($"Writing a command for Redis at {Name} failed: {ex.Message}", ex);
                AbortUnderLock(reason, out var abandoned);
                Abandon(abandoned ?? [], reason);
                throw;
            }

            _pending.Enqueue(pending);
            Interlocked.Add(ref _outgoingBytes, _outgoing.Writer.UnflushedBytes);
            var flush = _outgoing.Writer.FlushAsync(CancellationToken.None);

            // The pipe never pauses its writer, so the flush completed synchronously: reading its result does not block.
            Debug.Assert(flush.IsCompleted, "The outgoing pipe does not pause.");
            _ = flush.GetAwaiter().GetResult();
        }

        return cancellationToken.CanBeCanceled ? pending.Task.WaitAsync(cancellationToken) : pending.Task;
    }

    /// <summary>Breaks the connection: pending commands fail, <see cref="Closed"/> completes. Does nothing once closed.</summary>
    /// <param name="reason">Why; a <see cref="RedisConnectionException"/> is given to the failed commands as it is.</param>
    public void Abort(Exception reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        PendingReply[]? abandoned;
        lock (_gate)
        {
            AbortUnderLock(reason, out abandoned);
        }

        if (abandoned is not null)
        {
            Abandon(abandoned, reason);
        }
    }

    /// <summary>Closes the connection and waits for its loops to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Abort(new RedisConnectionException($"The connection to Redis at {Name} was closed."));
        await Task.WhenAll(_receiving, _sending).ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private void AbortUnderLock(Exception reason, out PendingReply[]? abandoned)
    {
        abandoned = null;
        if (_closeReason is not null)
        {
            return;
        }

        Volatile.Write(ref _closeReason, reason);
        abandoned = [.. _pending];
        _pending.Clear();
        _outgoing.Writer.Complete();
    }

    private void Abandon(PendingReply[] abandoned, Exception reason)
    {
        _healthTimer.Dispose();
        _incoming.CancelPendingRead();

        // Closing the socket interrupts a send or a TLS read in progress.
        _socket.Dispose();
        var error = NotConnected(reason);
        foreach (var pending in abandoned)
        {
            pending.TrySetException(error);
        }

        _closed.TrySetResult();
    }

    private static TimeSpan HealthCheckPeriod(TimeSpan commandTimeout, TimeSpan keepAlive)
    {
        var shortest = keepAlive > TimeSpan.Zero && keepAlive < commandTimeout ? keepAlive : commandTimeout;
        return TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 8, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
    }

    private RedisConnectionException NotConnected(Exception reason) => reason as RedisConnectionException
        ?? new RedisConnectionException($"The connection to Redis at {Name} broke: {reason.Message}", reason);

    private async Task ReceiveLoopAsync()
    {
        Exception reason;
        try
        {
            while (true)
            {
                var result = await _incoming.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    reason = new RedisConnectionException($"The connection to Redis at {Name} was closed.");
                    break;
                }

                var buffer = result.Buffer;
                var consumed = ProcessFrames(buffer);
                if (result.IsCompleted)
                {
                    reason = new RedisConnectionException(buffer.Slice(consumed).IsEmpty
                        ? $"Redis at {Name} closed the connection."
                        : $"Redis at {Name} closed the connection in the middle of a reply.");
                    break;
                }

                _incoming.AdvanceTo(consumed, buffer.End);
            }
        }
        catch (Exception ex)
        {
            // Whatever broke the loop (the network, invalid RESP, a bug in a filter) breaks the connection, not the process.
            reason = ex;
        }

        Abort(reason);
        await _incoming.CompleteAsync().ConfigureAwait(false);
    }

    private SequencePosition ProcessFrames(in ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!buffer.IsEmpty)
        {
            Volatile.Write(ref _lastReceived, _time.GetTimestamp());
        }

        while (RespReader.TryRead(ref reader, out var frame))
        {
            if (_filter(in frame))
            {
                continue;
            }

            PendingReply? pending;
            lock (_gate)
            {
                _pending.TryDequeue(out pending);
            }

            if (pending is null)
            {
                throw new RespProtocolException($"Redis sent a reply to no command: {frame}.");
            }

            if (frame.IsError)
            {
                pending.TrySetException(new RedisCommandException(frame.AsString() ?? "ERR"));
            }
            else
            {
                pending.TrySetResult(frame.Detach());
            }
        }

        return reader.Position;
    }

    private async Task SendLoopAsync()
    {
        var reader = _outgoing.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    await _stream.WriteAsync(segment).ConfigureAwait(false);
                }

                await _stream.FlushAsync().ConfigureAwait(false);
                Interlocked.Add(ref _outgoingBytes, -buffer.Length);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            Abort(ex);
        }

        await reader.CompleteAsync().ConfigureAwait(false);
    }

    private void CheckHealth()
    {
        var now = _time.GetTimestamp();
        bool timedOut;
        lock (_gate)
        {
            if (_closeReason is not null)
            {
                return;
            }

            timedOut = _pending.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.SentAt, now) >= _commandTimeout;
            if (!timedOut && _pending.Count > 0)
            {
                return;
            }
        }

        if (timedOut)
        {
            Abort(new RedisConnectionException(
                $"Redis at {Name} did not reply within the command timeout ({_commandTimeout.TotalMilliseconds} ms).",
                new TimeoutException()));
            return;
        }

        if (_keepAlive > TimeSpan.Zero && _time.GetElapsedTime(Volatile.Read(ref _lastReceived), now) >= _keepAlive)
        {
            // The reply comes back through the reading loop and is not needed; a missing one trips the timeout above.
            SendAsync(["PING"]).ContinueWith(
                static task => _ = task.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private sealed class PendingReply(long sentAt) : TaskCompletionSource<RespValue>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public long SentAt { get; } = sentAt;
    }
}
