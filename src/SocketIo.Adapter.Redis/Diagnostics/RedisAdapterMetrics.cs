using System.Diagnostics.Metrics;

namespace SocketIo.Adapter.Redis.Diagnostics;

/// <summary>
/// The Redis adapter's instruments, on the <c>SocketIo.Adapter.Redis</c> meter: what could not be published, and
/// what was received but dropped (not for this node, malformed, hostile).
/// </summary>
internal sealed class RedisAdapterMetrics
{
    /// <summary>The meter's name, for listeners and OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "SocketIo.Adapter.Redis";

    private readonly Counter<long> _publishFailures;
    private readonly Counter<long> _droppedMessages;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public RedisAdapterMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _publishFailures = meter.CreateCounter<long>(
            "socketio.redis.publish_failures",
            unit: "{message}",
            description: "Messages that could not be published to Redis (Redis unreachable, or no reply in time).");
        _droppedMessages = meter.CreateCounter<long>(
            "socketio.redis.dropped_messages",
            unit: "{message}",
            description: "Messages received from Redis and dropped: they could not be decoded, were invalid, or arrived while the namespace's inbox was full.");
    }

    /// <summary>Counts a message that could not be published.</summary>
    /// <param name="namespace">The namespace it was for.</param>
    public void PublishFailed(string @namespace) =>
        _publishFailures.Add(1, new KeyValuePair<string, object?>("socketio.namespace", @namespace));

    /// <summary>Counts a received message that was dropped.</summary>
    /// <param name="namespace">The namespace whose channel it came on.</param>
    /// <param name="reason">Why: <c>"malformed"</c>, <c>"invalid"</c>, <c>"inbox full"</c>.</param>
    public void MessageDropped(string @namespace, string reason) =>
        _droppedMessages.Add(
            1,
            new KeyValuePair<string, object?>("socketio.namespace", @namespace),
            new KeyValuePair<string, object?>("reason", reason));
}
