using System.Diagnostics;

namespace SocketIo.Server.Engine.Transports;

/// <summary>
/// Who may write the next WebSocket frame: nobody, the one sender (the writer, or before it the probe reply), or,
/// for good, the close. A field of its transport rather than a lock object: sends never contend with each other,
/// only with the close, so an idle connection need not carry a semaphore for that; what waiting for a send in flight
/// takes is made by the close, when it has to wait.
/// </summary>
/// <remarks>Use only as a field, never copied: its state is the field's.</remarks>
internal struct SendGate
{
    private const int Idle = 0;
    private const int Sending = 1;
    private const int Closed = 2;

    private int _state;
    private TaskCompletionSource? _idle;

    /// <summary>Takes the right to send one frame; false once the close has taken it for good.</summary>
    public bool TryBegin()
    {
        var state = Interlocked.CompareExchange(ref _state, Sending, Idle);
        Debug.Assert(state != Sending, "One sender at a time: the writer starts only once the probe no longer replies.");
        return state == Idle;
    }

    /// <summary>The frame went out (or failed): the right is free again, and a close waiting for it may take it.</summary>
    public void End()
    {
        Interlocked.Exchange(ref _state, Idle);
        Interlocked.Exchange(ref _idle, null)?.TrySetResult();
    }

    /// <summary>
    /// Takes the right to send for good: true when taken (or already taken by an earlier close). False while a send
    /// is in flight: <paramref name="idle"/> completes when it ends, and the caller tries again.
    /// </summary>
    public bool TryClose(out Task? idle)
    {
        idle = null;
        if (Interlocked.CompareExchange(ref _state, Closed, Idle) != Sending)
        {
            return true;
        }

        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _idle, waiting);

        // The send may have ended before the wait was published, and then signalled nobody: look again.
        if (Volatile.Read(ref _state) != Sending)
        {
            return TryClose(out idle);
        }

        idle = waiting.Task;
        return false;
    }
}
