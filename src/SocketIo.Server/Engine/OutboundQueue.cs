using System.Diagnostics.CodeAnalysis;

namespace SocketIo.Server.Engine;

/// <summary>
/// The packets waiting for a session's transport, and the bytes the session is holding for its client. Producers
/// (emits, broadcasts, the heartbeat) enqueue from any thread; the one transport that currently carries the session
/// drains it and calls <see cref="Release"/> once each drained packet has been written. <see cref="Wake"/> releases a
/// waiting transport without a packet, so it can notice a state change (close, upgrade noop). The lock is never held
/// across an await.
/// </summary>
/// <remarks>
/// <see cref="BufferedBytes"/> counts a packet from the moment it is queued until the transport has written it:
/// a WebSocket send that has completed, or a polling response that has been flushed. A drained batch whose send is
/// blocked on a client that does not read stays counted, so such a client cannot hold more than the limit.
/// </remarks>
internal sealed class OutboundQueue
{
    private readonly Queue<EngineMessage> _items = new();
    private IOutboundWaiter? _waiter;
    private readonly long _limit;
    private bool _woken;
    private bool _discarded;
    private long _bufferedBytes;
    private long _peakBufferedBytes;

    /// <param name="limit">The most bytes the session may hold before a send closes it (<see cref="EngineOptions.MaxBufferedBytes"/>).</param>
    public OutboundQueue(long limit)
    {
        _limit = limit;
    }

    /// <summary>
    /// What the lock is taken on: the private list, which nothing else ever locks, so the lock lives in its object
    /// header and costs an idle session nothing (a <see cref="Lock"/> would be an object per session).
    /// </summary>
    private object Sync => _items;

    /// <summary>The bytes queued or drained and not yet written.</summary>
    public long BufferedBytes => Volatile.Read(ref _bufferedBytes);

    /// <summary>The most <see cref="BufferedBytes"/> has ever been: for diagnostics and tests.</summary>
    public long PeakBufferedBytes => Volatile.Read(ref _peakBufferedBytes);

    /// <summary>Whether the queue was discarded (the session closed): nothing is accepted any more.</summary>
    public bool IsDiscarded => Volatile.Read(ref _discarded);

    /// <summary>
    /// Queues a protocol packet (the open packet, a ping). It counts towards <see cref="BufferedBytes"/> but never
    /// trips the limit: the heartbeat of a busy but healthy client must not be what disconnects it.
    /// </summary>
    public void EnqueueControl(EngineMessage message) =>
        Enqueue(new ReadOnlySpan<EngineMessage>(in message), isVolatile: false, enforceLimit: false);

    /// <summary>
    /// Queues the messages together: no other producer's message lands between them. A volatile unit is dropped
    /// when it would take the buffered bytes past the limit. Any other unit is refused with
    /// <see cref="OutboundEnqueueResult.Overflow"/> when the bytes already buffered are at or over the limit (the
    /// client stays over it); the queue then discards everything it holds, and refuses everything after.
    /// </summary>
    public OutboundEnqueueResult Enqueue(ReadOnlySpan<EngineMessage> messages, bool isVolatile) =>
        Enqueue(messages, isVolatile, enforceLimit: true);

    /// <summary>The transport wrote <paramref name="bytes"/> of what it drained.</summary>
    public void Release(long bytes)
    {
        lock (Sync)
        {
            // After a discard the count restarted from zero; late releases of the old batch must not drive it negative.
            if (!_discarded)
            {
                _bufferedBytes -= bytes;
            }
        }
    }

    /// <summary>Drops every queued packet and refuses new ones: the session closed.</summary>
    public void Discard()
    {
        IOutboundWaiter? waiter;
        lock (Sync)
        {
            waiter = DiscardLocked();
        }

        waiter?.Wake();
    }

    public void Wake()
    {
        IOutboundWaiter? waiter;
        lock (Sync)
        {
            _woken = true;
            waiter = TakeWaiterLocked();
        }

        waiter?.Wake();
    }

    /// <summary>
    /// Moves every waiting packet into <paramref name="target"/>; returns their bytes. They stay counted in
    /// <see cref="BufferedBytes"/> until the transport calls <see cref="Release"/>.
    /// </summary>
    public long DrainTo(List<EngineMessage> target)
    {
        lock (Sync)
        {
            long bytes = 0;
            while (_items.TryDequeue(out var message))
            {
                target.Add(message);
                bytes += message.Length;
            }

            return bytes;
        }
    }

    /// <summary>
    /// Takes the next waiting packet, one at a time. It stays counted in <see cref="BufferedBytes"/> until the
    /// transport calls <see cref="Release"/>.
    /// </summary>
    public bool TryDequeue([NotNullWhen(true)] out EngineMessage? message)
    {
        lock (Sync)
        {
            return _items.TryDequeue(out message);
        }
    }

    /// <summary>
    /// Waits without a task: <paramref name="waiter"/> is woken once when a packet arrives or <see cref="Wake"/> is
    /// called. False, and nothing armed, when a packet or a wake-up is already waiting: the caller looks now. One
    /// waiter at a time, as with <see cref="WaitAsync"/>.
    /// </summary>
    public bool TryArm(IOutboundWaiter waiter)
    {
        lock (Sync)
        {
            if (_items.Count > 0)
            {
                return false;
            }

            if (_woken)
            {
                _woken = false;
                return false;
            }

            _waiter = waiter;
            return true;
        }
    }

    /// <summary>
    /// Completes when a packet is waiting or <see cref="Wake"/> was called since the last wait (or, rarely, for
    /// nothing: callers look and wait again). One waiter at a time, the transport carrying the session, each with its
    /// own <paramref name="signal"/>: a poll and the WebSocket that replaces it must not share one.
    /// </summary>
    public ValueTask WaitAsync(WakeSignal signal, CancellationToken cancellationToken)
    {
        lock (Sync)
        {
            if (_items.Count > 0)
            {
                return ValueTask.CompletedTask;
            }

            if (_woken)
            {
                _woken = false;
                return ValueTask.CompletedTask;
            }

            _waiter = signal;
            return signal.Arm(cancellationToken);
        }
    }

    private OutboundEnqueueResult Enqueue(ReadOnlySpan<EngineMessage> messages, bool isVolatile, bool enforceLimit)
    {
        long size = 0;
        foreach (var message in messages)
        {
            size += message.Length;
        }

        IOutboundWaiter? waiter = null;
        var overflow = false;
        lock (Sync)
        {
            if (_discarded)
            {
                return OutboundEnqueueResult.Refused;
            }

            if (enforceLimit)
            {
                if (isVolatile && _bufferedBytes + size > _limit)
                {
                    return OutboundEnqueueResult.Dropped;
                }

                if (!isVolatile && _bufferedBytes >= _limit)
                {
                    waiter = DiscardLocked();
                    overflow = true;
                }
            }

            if (!overflow)
            {
                foreach (var message in messages)
                {
                    _items.Enqueue(message);
                }

                _bufferedBytes += size;
                if (_bufferedBytes > _peakBufferedBytes)
                {
                    _peakBufferedBytes = _bufferedBytes;
                }

                waiter = TakeWaiterLocked();
            }
        }

        waiter?.Wake();
        return overflow ? OutboundEnqueueResult.Overflow : OutboundEnqueueResult.Queued;
    }

    private IOutboundWaiter? DiscardLocked()
    {
        _discarded = true;
        _items.Clear();
        _items.TrimExcess();
        _bufferedBytes = 0;
        _woken = true;
        return TakeWaiterLocked();
    }

    private IOutboundWaiter? TakeWaiterLocked()
    {
        var waiter = _waiter;
        _waiter = null;
        return waiter;
    }
}
