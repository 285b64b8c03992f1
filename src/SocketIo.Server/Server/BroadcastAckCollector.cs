namespace SocketIo.Server;

/// <summary>
/// Collects the acknowledgements of a broadcast as socket.io does: done when every node reported how many clients it
/// reached and that many answers arrived; on the deadline, an <see cref="AckTimeoutException"/> with what arrived.
/// </summary>
internal sealed class BroadcastAckCollector
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<IReadOnlyList<object?>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<object?> _responses = [];
    private readonly ITimer? _timer;
    private readonly CancellationTokenRegistration _cancellation;
    private int _expectedClients;
    private int _reportingServers;
    private int _expectedServers = -1;

    public BroadcastAckCollector(TimeProvider time, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (timeout is { } delay)
        {
            _timer = time.CreateTimer(static s => ((BroadcastAckCollector)s!).OnTimeout(), this, delay, System.Threading.Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(() => Finish(c => c.TrySetCanceled(cancellationToken)));
        }
    }

    public Task<IReadOnlyList<object?>> Task => _completion.Task;

    public void OnClientCount(int count)
    {
        lock (_lock)
        {
            _expectedClients += count;
            _reportingServers++;
        }

        CheckComplete();
    }

    public void OnAck(object? response)
    {
        lock (_lock)
        {
            _responses.Add(response);
        }

        CheckComplete();
    }

    /// <summary>Waits for the broadcast to be sent; it tells how many nodes will report a client count.</summary>
    public async Task RunAsync(Task<int> broadcast)
    {
        try
        {
            var count = await broadcast.ConfigureAwait(false);
            lock (_lock)
            {
                _expectedServers = count;
            }

            CheckComplete();
        }
        catch (Exception ex)
        {
            Finish(c => c.TrySetException(ex));
        }
    }

    private void CheckComplete()
    {
        IReadOnlyList<object?>? result = null;
        lock (_lock)
        {
            if (_expectedServers >= 0 && _reportingServers >= _expectedServers && _responses.Count >= _expectedClients)
            {
                result = [.. _responses];
            }
        }

        if (result is not null)
        {
            Finish(c => c.TrySetResult(result));
        }
    }

    private void OnTimeout()
    {
        IReadOnlyList<object?> partial;
        lock (_lock)
        {
            partial = [.. _responses];
        }

        Finish(c => c.TrySetException(new AckTimeoutException(partial)));
    }

    private void Finish(Action<TaskCompletionSource<IReadOnlyList<object?>>> complete)
    {
        complete(_completion);
        _timer?.Dispose();
        _cancellation.Dispose();
    }
}
