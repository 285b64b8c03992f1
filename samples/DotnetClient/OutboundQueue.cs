namespace DotnetClient;

/// <summary>
/// The messages waiting to be sent, in the order they were typed, at most <c>capacity</c> of them. A message leaves
/// the queue only once the server acknowledged it, so one whose connection dropped first is sent again, still first.
/// </summary>
internal sealed class OutboundQueue
{
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private readonly Queue<OutgoingMessage> _messages = new();
    private TaskCompletionSource _changed = NewSignal();

    public OutboundQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>Adds a message at the end; false when the queue is full.</summary>
    public bool TryEnqueue(OutgoingMessage message)
    {
        lock (_lock)
        {
            if (_messages.Count >= _capacity)
            {
                return false;
            }

            _messages.Enqueue(message);
            SignalChange();
            return true;
        }
    }

    /// <summary>The first message, once there is one; it stays in the queue.</summary>
    public async Task<OutgoingMessage> PeekAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_messages.TryPeek(out var first))
                {
                    return first;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Removes <paramref name="message"/> if it is still the first (it was acknowledged).</summary>
    public void Remove(OutgoingMessage message)
    {
        lock (_lock)
        {
            if (_messages.TryPeek(out var first) && ReferenceEquals(first, message))
            {
                _messages.Dequeue();
                SignalChange();
            }
        }
    }

    /// <summary>Completes once every queued message was acknowledged.</summary>
    public async Task WhenEmptyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_messages.Count == 0)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    private void SignalChange()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
