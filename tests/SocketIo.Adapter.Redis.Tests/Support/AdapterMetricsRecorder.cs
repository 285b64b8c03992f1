using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Adapter.Redis.Diagnostics;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Support;

/// <summary>
/// Listens to the <see cref="RedisAdapterMetrics"/> instruments of one meter factory (a node's, or one of its own), so
/// parallel tests never see each other's measurements, and sums what they record by instrument and reason.
/// </summary>
internal sealed class AdapterMetricsRecorder : IDisposable
{
    private readonly ServiceProvider? _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    /// <summary>Records what a node's Redis adapter measures.</summary>
    public AdapterMetricsRecorder(SocketIoTestServer node)
    {
        Listen(node.Services.GetRequiredService<IMeterFactory>());
    }

    /// <summary>Records what <see cref="Metrics"/>, on a meter factory of its own, measures.</summary>
    public AdapterMetricsRecorder()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        Listen(factory);
        Metrics = new RedisAdapterMetrics(factory);
    }

    /// <summary>The metrics this recorder listens to, when it made them (the parameterless constructor).</summary>
    public RedisAdapterMetrics? Metrics { get; }

    /// <summary>Messages received and dropped, in total or for one reason (<c>malformed</c>, <c>invalid</c>, <c>inbox full</c>).</summary>
    public long Dropped(string? reason = null) => Total("socketio.redis.dropped_messages" + (reason is null ? string.Empty : "/" + reason));

    /// <summary>Messages that could not be published.</summary>
    public long PublishFailures => Total("socketio.redis.publish_failures");

    /// <summary>The sum for an instrument, or for one reason of it (<c>"name/reason"</c>).</summary>
    public long Total(string key) => _totals.TryGetValue(key, out var total) ? total : 0;

    public void Dispose()
    {
        _listener.Dispose();
        _services?.Dispose();
    }

    private void Listen(IMeterFactory scope)
    {
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
                    reason = tag.Value as string ?? string.Empty;
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
}
