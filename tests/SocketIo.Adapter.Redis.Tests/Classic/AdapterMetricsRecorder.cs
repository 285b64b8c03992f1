using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Adapter.Redis.Diagnostics;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Classic;

/// <summary>
/// Listens to one node's Redis adapter instruments (its own meter factory's meter, so parallel tests do not mix) and
/// sums their measurements by instrument and reason.
/// </summary>
internal sealed class AdapterMetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public AdapterMetricsRecorder(SocketIoTestServer node)
    {
        var scope = node.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RedisAdapterMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
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
                    reason = (string)tag.Value!;
                }
            }

            _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
            if (reason.Length > 0)
            {
                _totals.AddOrUpdate($"{instrument.Name}/{reason}", value, (_, total) => total + value);
            }
        });
        _listener.Start();
    }

    /// <summary>The sum for an instrument, or for one reason of it (<c>"name/reason"</c>).</summary>
    public long Total(string key) => _totals.TryGetValue(key, out var total) ? total : 0;

    public long Dropped => Total("socketio.redis.dropped_messages");

    public long PublishFailures => Total("socketio.redis.publish_failures");

    public void Dispose() => _listener.Dispose();
}
