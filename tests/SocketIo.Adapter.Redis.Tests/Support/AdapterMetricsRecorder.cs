using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Adapter.Redis.Diagnostics;

namespace SocketIo.Adapter.Redis.Tests.Sharded.Support;

/// <summary>
/// <see cref="RedisAdapterMetrics"/> on a meter factory of its own, and a listener counting what its instruments
/// record (by instrument and reason), so parallel tests never see each other's measurements.
/// </summary>
internal sealed class AdapterMetricsRecorder : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public AdapterMetricsRecorder()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var reason = string.Empty;
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reason = tag.Value as string ?? string.Empty;
                }
            }

            _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
            _totals.AddOrUpdate(instrument.Name + "/" + reason, value, (_, total) => total + value);
        });
        _listener.Start();
        Metrics = new RedisAdapterMetrics(factory);
    }

    public RedisAdapterMetrics Metrics { get; }

    /// <summary>Messages received and dropped, in total or for one reason (<c>malformed</c>, <c>invalid</c>).</summary>
    public long Dropped(string? reason = null) => Total("socketio.redis.dropped_messages" + (reason is null ? string.Empty : "/" + reason));

    /// <summary>Messages that could not be published.</summary>
    public long PublishFailures => Total("socketio.redis.publish_failures");

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private long Total(string key) => _totals.TryGetValue(key, out var total) ? total : 0;
}
