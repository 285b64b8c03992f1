using System.Text;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Classic;

/// <summary>Garbage published on a namespace's channels is counted and dropped; the node goes on serving.</summary>
public sealed class ClassicHostileRedisTests : ClassicClusterTestBase
{
    private static readonly byte[][] Garbage =
    [
        [0xc1],
        [0x93, 0xa6, 0x41, 0x62],
        Enumerable.Repeat((byte)0x91, 50_000).ToArray(),
        [0xdd, 0xff, 0xff, 0xff, 0xff],
        Encoding.UTF8.GetBytes("{\"type\":"),
        Encoding.UTF8.GetBytes("{\"type\":\"2\",\"opts\":5}"),
        Encoding.UTF8.GetBytes("{\"type\":6,\"data\":[" + new string('[', 20_000) + new string(']', 20_000) + "]}"),
        Encoding.UTF8.GetBytes("{\"type\":8,\"requestId\":[],\"clientCount\":{}}"),
        Encoding.UTF8.GetBytes("[\"emitter\",{\"type\":2,\"data\":[1]},{}]"),
        [0x7b, 0xff, 0xfe, 0x7d],
    ];

    [Fact]
    public async Task Garbage_on_every_channel_is_dropped_and_counted_and_later_messages_are_handled()
    {
        var a = await StartNodeAsync();
        var b = await StartNodeAsync();
        using var metrics = new AdapterMetricsRecorder(b);
        var onB = await ConnectAsync(b);
        SocketOf(b, onB).Join("lobby");
        var attacker = await StartRedisClientAsync();
        var channels = new[]
        {
            "socket.io#/#",
            "socket.io#/#lobby#",
            "socket.io-request#/#",
            "socket.io-response#/#",
            $"socket.io-response#/#{AdapterOf(b).NodeUid}#",
        };

        foreach (var channel in channels)
        {
            foreach (var payload in Garbage)
            {
                await attacker.PublishAsync(new RedisChannel(channel, RedisChannelKind.Literal), payload);
            }
        }

        await Eventually.TrueAsync(() => metrics.Dropped() == channels.Length * Garbage.Length);
        metrics.Total("socketio.redis.dropped_messages/malformed").Should().BeGreaterThan(0);
        metrics.Total("socketio.redis.dropped_messages/invalid").Should().BeGreaterThan(0);

        await a.Io.To("lobby").EmitAsync("still-alive");
        await ExpectEventAsync(onB, "still-alive");
        (await a.Io.FetchSocketsAsync()).Select(s => s.Id).Should().Equal(onB.Id);
    }

    [Fact]
    public async Task A_broadcast_to_a_room_nobody_here_is_in_is_skipped_before_decoding()
    {
        var b = await StartNodeAsync();
        using var metrics = new AdapterMetricsRecorder(b);
        var onB = await ConnectAsync(b);
        var attacker = await StartRedisClientAsync();

        await attacker.PublishAsync(new RedisChannel("socket.io#/#nobody#", RedisChannelKind.Literal), new byte[] { 0xc1 });
        await attacker.PublishAsync(new RedisChannel("socket.io-response#/#", RedisChannelKind.Literal), new byte[] { 0xc1 });

        // Handled in arrival order: once the second is, the first was too.
        await Eventually.TrueAsync(() => AdapterOf(b).HandledResponseCount == 1);
        metrics.Dropped().Should().Be(1);
        onB.Disconnected.IsCompleted.Should().BeFalse();
    }
}
