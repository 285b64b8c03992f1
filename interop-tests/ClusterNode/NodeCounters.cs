namespace ClusterNode;

/// <summary>What went wrong in the background, for /control/stats (the fault test asserts there was nothing).</summary>
internal sealed class NodeCounters
{
    private int _unobservedTaskExceptions;

    public int UnobservedTaskExceptions => Volatile.Read(ref _unobservedTaskExceptions);

    public string? LastUnobservedTaskException { get; private set; }

    public void OnUnobservedTaskException(Exception exception)
    {
        Interlocked.Increment(ref _unobservedTaskExceptions);
        LastUnobservedTaskException = exception.ToString();
    }
}
