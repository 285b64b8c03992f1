using System.Collections.Concurrent;

namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>
/// Records the unobserved task exceptions raised while it is subscribed whose stack passes through the server
/// library (tests of other classes run in parallel; their own leftovers are not this test's business).
/// </summary>
internal sealed class UnobservedExceptions : IDisposable
{
    private readonly ConcurrentQueue<Exception> _seen = new();

    public UnobservedExceptions()
    {
        TaskScheduler.UnobservedTaskException += OnUnobserved;
    }

    /// <summary>Finalizes abandoned tasks (which is when the event is raised) and returns what was recorded.</summary>
    public IReadOnlyCollection<Exception> Collect()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return [.. _seen];
    }

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        if (e.Exception.ToString().Contains("SocketIo.Server.", StringComparison.Ordinal)
            && !e.Exception.ToString().Contains("SocketIo.Server.Tests", StringComparison.Ordinal))
        {
            _seen.Enqueue(e.Exception);
        }
    }
}
