namespace SocketIo.Server.Adapters.Cluster;

/// <summary>
/// A broadcast with acknowledgements this node published: it passes every node's client count and every client's
/// acknowledgement to the caller's callbacks, and tells its owner when it is over (its timeout, the caller's
/// cancellation, or every expected answer in) so the owner's table only holds broadcasts still collecting.
/// </summary>
internal sealed class ClusterAckRequest
{
    private readonly Lock _lock = new();
    private readonly Action<int> _onClientCount;
    private readonly Action<object?> _onAck;
    private Action<ClusterAckRequest>? _onDone;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;
    private int _expectedServers = -1;
    private int _reportingServers;
    private int _expectedClients;
    private int _acks;
    private int _done;

    public ClusterAckRequest(string id, Action<int> onClientCount, Action<object?> onAck)
    {
        Id = id;
        _onClientCount = onClientCount;
        _onAck = onAck;
    }

    public string Id { get; }

    /// <summary>Arms the timeout (if any) and the caller's cancellation; <paramref name="onDone"/> runs once when it is over.</summary>
    public void Start(TimeProvider time, TimeSpan? timeout, Action<ClusterAckRequest> onDone, CancellationToken cancellationToken)
    {
        _onDone = onDone;
        if (timeout is { } delay)
        {
            _timer = time.CreateTimer(static s => ((ClusterAckRequest)s!).Finish(), this, delay, System.Threading.Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(static s => ((ClusterAckRequest)s!).Finish(), this);
        }
    }

    /// <summary>Sets how many nodes report a client count, which lets the request end once all answers are in.</summary>
    public void ExpectServers(int count)
    {
        lock (_lock)
        {
            _expectedServers = count;
        }

        FinishIfComplete();
    }

    public void OnClientCount(int count)
    {
        lock (_lock)
        {
            _reportingServers++;
            _expectedClients += count;
        }

        _onClientCount(count);
        FinishIfComplete();
    }

    public void OnAck(object? value)
    {
        lock (_lock)
        {
            _acks++;
        }

        _onAck(value);
        FinishIfComplete();
    }

    public void Finish()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1)
        {
            return;
        }

        _timer?.Dispose();
        _cancellation.Dispose();
        _onDone?.Invoke(this);
    }

    private void FinishIfComplete()
    {
        bool complete;
        lock (_lock)
        {
            complete = _expectedServers >= 0 && _reportingServers >= _expectedServers && _acks >= _expectedClients;
        }

        if (complete)
        {
            Finish();
        }
    }
}
