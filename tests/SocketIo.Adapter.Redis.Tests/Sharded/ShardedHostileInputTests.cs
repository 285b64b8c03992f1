using System.Text;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Sharded.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Sharded;

/// <summary>
/// Whatever anyone SPUBLISHes on a node's channels, the node survives it: what is not a cluster message is dropped
/// and counted, and the messages after it are handled.
/// </summary>
public sealed class ShardedHostileInputTests : ShardedClusterTestBase
{
    public static TheoryData<string> Channels => ["main", "room", "own answers"];

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Garbage_on_a_channel_is_dropped_counted_and_later_messages_are_handled(string which)
    {
        var node = await StartNodeAsync(RedisSubscriptionMode.Dynamic);
        var sender = await StartNodeAsync(RedisSubscriptionMode.Dynamic);
        var client = await ConnectAsync(node);
        node.Io.Sockets.Sockets[client.Id].Join("lobby");
        await WaitForRoomChannelsAsync(RedisSubscriptionMode.Dynamic, node);
        var channels = node.Adapter().Channels;
        var channel = which switch
        {
            "main" => channels.Main,
            "room" => channels.Room("lobby"),
            _ => channels.OwnResponses,
        };
        var attacker = await StartRedisClientAsync();
        var payloads = Hostile().ToList();

        foreach (var payload in payloads)
        {
            await attacker.PublishAsync(new RedisChannel(channel, RedisChannelKind.Sharded), payload);
        }

        await sender.Io.To("lobby").EmitAsync("still-alive", ["yes"]);

        (await client.NextEventAsync()).Name.Should().Be("still-alive");
        await Eventually.TrueAsync(() => node.Metrics.Dropped() == payloads.Count);
        node.Metrics.Dropped("malformed").Should().BeGreaterThan(0);
        node.Metrics.Dropped("invalid").Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Only_answers_are_taken_from_the_own_answer_channel()
    {
        var node = await StartNodeAsync(RedisSubscriptionMode.Static);
        var client = await ConnectAsync(node);
        var attacker = await StartRedisClientAsync();
        var broadcast = """{"type":3,"data":{"packet":{"type":2,"data":["injected"]},"opts":{"rooms":[],"except":[],"flags":{}}},"uid":"0123456789abcdef","nsp":"/"}""";
        var unknownAnswer = """{"type":11,"data":{"requestId":"nobody-asked","clientCount":3},"uid":"0123456789abcdef","nsp":"/"}""";

        await attacker.PublishAsync(new RedisChannel(node.Adapter().Channels.OwnResponses, RedisChannelKind.Sharded), Encoding.UTF8.GetBytes(broadcast));
        await attacker.PublishAsync(new RedisChannel(node.Adapter().Channels.OwnResponses, RedisChannelKind.Sharded), Encoding.UTF8.GetBytes(unknownAnswer));
        await attacker.PublishAsync(new RedisChannel(node.Adapter().Channels.Main, RedisChannelKind.Sharded), Encoding.UTF8.GetBytes(broadcast.Replace("injected", "on-main", StringComparison.Ordinal)));

        (await client.NextEventAsync()).Name.Should().Be("on-main");
        node.Metrics.Dropped("invalid").Should().Be(1, "the broadcast on the answer channel; an answer nobody waits for is just ignored");
    }

    /// <summary>Payloads no node ever sends: not JSON or MessagePack, or not a cluster message, or hostile in size or depth.</summary>
    private static IEnumerable<byte[]> Hostile()
    {
        yield return [];
        yield return [0xc1];
        yield return "{"u8.ToArray();
        yield return "{}"u8.ToArray();
        yield return "{\"type\":3"u8.ToArray();
        yield return "null"u8.ToArray();
        yield return Encoding.UTF8.GetBytes("{\"type\":9,\"data\":{\"packet\":[\"e\"," + new string('[', 50_000) + new string(']', 50_000) + "]},\"uid\":\"u\",\"nsp\":\"/\"}");
        yield return [.. Enumerable.Repeat((byte)0x91, 50_000), 0xc0];
        yield return """{"type":3,"data":{"packet":{"type":2,"data":["e"]},"opts":{"rooms":[{}]}},"uid":"u","nsp":"/"}"""u8.ToArray();
        yield return """{"type":3,"data":{"packet":{"type":2,"data":["\ud800"]},"opts":{"rooms":[]}},"uid":"u","nsp":"/"}"""u8.ToArray();
        yield return """{"type":11,"data":{"requestId":"r","clientCount":1e300},"uid":"u","nsp":"/"}"""u8.ToArray();
        yield return """{"type":8,"data":{"requestId":"r","sockets":[{"id":1}]},"uid":"u","nsp":"/"}"""u8.ToArray();
        yield return Encoding.UTF8.GetBytes("{\"type\":3,\"data\":\"" + new string('x', 1 << 20) + "\",\"uid\":\"u\",\"nsp\":\"/\"}");

        // A map claiming 2^32-1 entries, and a string claiming 4 GB: lengths that must not be trusted.
        yield return [0xdf, 0xff, 0xff, 0xff, 0xff];
        yield return [0x81, 0xa4, (byte)'t', (byte)'y', (byte)'p', (byte)'e', 0xdb, 0xff, 0xff, 0xff, 0xff, 0x61];
        var random = new Random(4242);
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);

            // A random first byte of '{' would make it JSON; either way it is no cluster message.
            yield return bytes;
        }
    }
}
