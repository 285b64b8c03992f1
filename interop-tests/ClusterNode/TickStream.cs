using SocketIo.Server;

namespace ClusterNode;

/// <summary>
/// For the fault test: emits <c>{from, seq, at}</c> (at = epoch ms) to the whole namespace at a fixed interval,
/// fire-and-forget as an application would (<see cref="Namespace.Emit"/>), until stopped.
/// </summary>
internal sealed class TickStream(NodeSettings settings, TimeProvider time) : IAsyncDisposable
{
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;
    private int _sent;

    public int Sent => Volatile.Read(ref _sent);

    public void Start(Namespace nsp, string eventName, TimeSpan interval)
    {
        if (_stop is not null)
        {
            throw new InvalidOperationException("The stream is already running.");
        }

        _sent = 0;
        _stop = new CancellationTokenSource();
        _loop = RunAsync(nsp, eventName, interval, _stop.Token);
    }

    public int Stop()
    {
        if (_stop is { } stop)
        {
            stop.Cancel();
            stop.Dispose();
            _stop = null;
        }

        return Volatile.Read(ref _sent);
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(Namespace nsp, string eventName, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var seq = Interlocked.Increment(ref _sent);
                nsp.Emit(eventName, new Dictionary<string, object?>
                {
                    ["from"] = settings.Name,
                    ["seq"] = seq,
                    ["at"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
                });
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }
}
