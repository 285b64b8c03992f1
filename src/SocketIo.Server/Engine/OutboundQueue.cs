namespace SocketIo.Server.Engine;

/// <summary>
/// The packets waiting for a session's transport. Producers (emits, broadcasts, the heartbeat) enqueue from any
/// thread; the one transport that currently carries the session drains it. <see cref="Wake"/> releases a waiting
/// transport without a packet, so it can notice a state change (close, upgrade noop). The lock is never held
/// across an await.
/// </summary>
internal sealed class OutboundQueue
{
    private readonly Lock _lock = new();
    private readonly Queue<EngineMessage> _items = new();
    private TaskCompletionSource? _waiter;
    private bool _woken;
    private long _bufferedBytes;

    /// <summary>The bytes waiting to be written.</summary>
    public long BufferedBytes => Volatile.Read(ref _bufferedBytes);

    public void Enqueue(EngineMessage message) => Enqueue(new ReadOnlySpan<EngineMessage>(in message));

    /// <summary>Queues the messages together: no other producer's message lands between them.</summary>
    public void Enqueue(ReadOnlySpan<EngineMessage> messages)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            foreach (var message in messages)
            {
                _items.Enqueue(message);
                _bufferedBytes += message.Length;
            }

            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    public void Wake()
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            _woken = true;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>Moves every waiting packet into <paramref name="target"/>; returns how many.</summary>
    public int DrainTo(List<EngineMessage> target)
    {
        lock (_lock)
        {
            var count = _items.Count;
            while (_items.TryDequeue(out var message))
            {
                target.Add(message);
            }

            _bufferedBytes = 0;
            return count;
        }
    }

    /// <summary>Completes when a packet is waiting or <see cref="Wake"/> was called since the last wait.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        Task task;
        lock (_lock)
        {
            if (_items.Count > 0)
            {
                return Task.CompletedTask;
            }

            if (_woken)
            {
                _woken = false;
                return Task.CompletedTask;
            }

            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            task = _waiter.Task;
        }

        return cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task;
    }
}
