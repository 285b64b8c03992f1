using System.Threading.Tasks.Sources;

namespace SocketIo.Server.Engine;

/// <summary>
/// A reusable wake-up for one waiter at a time: a poll waiting for a session's queue waits on it, so a task per
/// wait would be an allocation per poll. The waiter's continuation runs on the thread pool, not on the producer's
/// thread that sets it.
/// </summary>
/// <remarks>
/// The owner arms it under its own lock, once it has seen there is nothing to return; a producer sets it after
/// leaving that lock. A set that arrives after the waiter already woke for another reason completes the next wait
/// early: a spurious wake-up, which the drain loop tolerates (it finds nothing and waits again).
/// </remarks>
internal sealed class WakeSignal : IValueTaskSource, IOutboundWaiter
{
    private ManualResetValueTaskSourceCore<bool> _core;
    private CancellationTokenRegistration _cancellation;
    private int _armed;

    public WakeSignal()
    {
        _core = new() { RunContinuationsAsynchronously = true };
    }

    /// <summary>Starts a wait; call only when the previous one completed and its result was observed.</summary>
    public ValueTask Arm(CancellationToken cancellationToken)
    {
        _core.Reset();
        Volatile.Write(ref _armed, 1);
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((WakeSignal)state!).Cancel(token), this);
        }

        return new ValueTask(this, _core.Version);
    }

    /// <summary>Wakes the waiter, if one is waiting.</summary>
    public void Set()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _core.SetResult(true);
        }
    }

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            _cancellation.Dispose();
            _cancellation = default;
        }
    }

    void IOutboundWaiter.Wake() => Set();

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _core.SetException(new OperationCanceledException(token));
        }
    }
}
