namespace SocketIo.Adapter.Redis.Classic;

/// <summary>
/// An <c>ALL_ROOMS</c> request this node sent: the union of the rooms of every node, complete when the expected number
/// of nodes answered, failed at its deadline with Node's error. It tells its owner when it is over, so the owner's
/// table only holds requests still waiting.
/// </summary>
internal sealed class PendingAllRoomsRequest
{
    /// <summary>Node's error text when not every node answered in time.</summary>
    public const string TimeoutMessage = "timeout reached while waiting for allRooms response";

    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<IReadOnlySet<string>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _rooms;
    private readonly int _expected;
    private Action<PendingAllRoomsRequest>? _onDone;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;
    private int _received;

    /// <param name="id">The request id the answers carry.</param>
    /// <param name="expected">How many other nodes must answer.</param>
    /// <param name="localRooms">This node's rooms.</param>
    public PendingAllRoomsRequest(string id, int expected, IEnumerable<string> localRooms)
    {
        Id = id;
        _expected = expected;
        _rooms = new HashSet<string>(localRooms, StringComparer.Ordinal);
    }

    public string Id { get; }

    /// <summary>Every node's rooms, once all answered.</summary>
    public Task<IReadOnlySet<string>> Task => _completion.Task;

    /// <summary>Arms the deadline and the caller's cancellation; <paramref name="onDone"/> runs once when it is over.</summary>
    public void Start(TimeProvider time, TimeSpan timeout, Action<PendingAllRoomsRequest> onDone, CancellationToken cancellationToken)
    {
        _onDone = onDone;
        _timer = time.CreateTimer(static s => ((PendingAllRoomsRequest)s!).Fail(new TimeoutException(TimeoutMessage)), this, timeout, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(() => Finish(c => c.TrySetCanceled(cancellationToken)));
        }
    }

    /// <summary>Adds one node's rooms.</summary>
    public void OnResponse(IReadOnlyList<string> rooms)
    {
        IReadOnlySet<string>? result = null;
        lock (_lock)
        {
            if (_completion.Task.IsCompleted)
            {
                return;
            }

            _rooms.UnionWith(rooms);
            if (++_received >= _expected)
            {
                result = new HashSet<string>(_rooms, StringComparer.Ordinal);
            }
        }

        if (result is not null)
        {
            Finish(c => c.TrySetResult(result));
        }
    }

    public void Fail(Exception error) => Finish(c => c.TrySetException(error));

    private void Finish(Func<TaskCompletionSource<IReadOnlySet<string>>, bool> complete)
    {
        if (!complete(_completion))
        {
            return;
        }

        _timer?.Dispose();
        _cancellation.Dispose();
        _onDone?.Invoke(this);
    }
}
