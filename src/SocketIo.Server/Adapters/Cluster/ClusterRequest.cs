namespace SocketIo.Server.Adapters.Cluster;

/// <summary>
/// A request this node sent to the others (fetch sockets, server-side emit with acknowledgement), waiting for a known
/// number of answers until its deadline. It tells its owner when it is over, so the owner's table only holds
/// requests still waiting.
/// </summary>
internal sealed class ClusterRequest
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<IReadOnlyList<object?>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<object?> _responses;
    private readonly int _expected;
    private readonly Func<int, int, IReadOnlyList<object?>, Exception> _timeoutError;
    private Action<ClusterRequest>? _onDone;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;
    private int _received;
    private int _finished;

    /// <param name="id">The request id the answers carry.</param>
    /// <param name="responseType">The only kind of message that answers it.</param>
    /// <param name="expected">How many answers complete it.</param>
    /// <param name="initial">What the result starts with (this node's own part).</param>
    /// <param name="timeoutError">
    /// Builds the error for the deadline from the number of answers received, the number expected, and the values so far.
    /// </param>
    public ClusterRequest(
        string id,
        ClusterMessageType responseType,
        int expected,
        IEnumerable<object?> initial,
        Func<int, int, IReadOnlyList<object?>, Exception> timeoutError)
    {
        Id = id;
        ResponseType = responseType;
        _expected = expected;
        _responses = [.. initial];
        _timeoutError = timeoutError;
    }

    public string Id { get; }

    public ClusterMessageType ResponseType { get; }

    /// <summary>The values of every answer (after the initial ones) once all arrived.</summary>
    public Task<IReadOnlyList<object?>> Task => _completion.Task;

    /// <summary>Arms the deadline and the caller's cancellation; <paramref name="onDone"/> runs once when it is over.</summary>
    public void Start(TimeProvider time, TimeSpan timeout, Action<ClusterRequest> onDone, CancellationToken cancellationToken)
    {
        _onDone = onDone;
        _timer = time.CreateTimer(static s => ((ClusterRequest)s!).OnTimeout(), this, timeout, System.Threading.Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(() => Finish(c => c.TrySetCanceled(cancellationToken)));
        }
    }

    /// <summary>Counts one node's answer, carrying <paramref name="values"/>.</summary>
    public void OnResponse(IEnumerable<object?> values)
    {
        IReadOnlyList<object?>? result = null;
        lock (_lock)
        {
            if (Volatile.Read(ref _finished) != 0)
            {
                return;
            }

            _responses.AddRange(values);
            _received++;
            if (_received >= _expected)
            {
                result = [.. _responses];
            }
        }

        if (result is not null)
        {
            Finish(c => c.TrySetResult(result));
        }
    }

    public void Fail(Exception error) => Finish(c => c.TrySetException(error));

    private void OnTimeout()
    {
        Exception error;
        lock (_lock)
        {
            error = _timeoutError(_received, _expected, [.. _responses]);
        }

        Finish(c => c.TrySetException(error));
    }

    private void Finish(Func<TaskCompletionSource<IReadOnlyList<object?>>, bool> complete)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        _timer?.Dispose();
        _cancellation.Dispose();

        // Out of the owner's table before the caller resumes: a caller never sees its finished request as pending.
        _onDone?.Invoke(this);
        complete(_completion);
    }
}
