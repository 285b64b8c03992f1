using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Sharded.Support;
using SocketIo.Adapter.Redis.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Sharded;

/// <summary>
/// A Node node and a .NET node, each alone on a Redis of its own, with sockets in the same rooms, subscribe the same
/// sharded channels (<c>PUBSUB SHARDCHANNELS</c>, ids replaced by placeholders), as the rooms are created and deleted.
/// </summary>
public sealed class ShardedNodeSubscriptionTests : ShardedClusterTestBase
{
    private RedisServerProcess _nodeRedis = null!;

    public static TheoryData<RedisSubscriptionMode> Modes => ShardedBroadcastTests.Modes;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _nodeRedis = await RedisServerProcess.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _nodeRedis.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_dotnet_node_subscribes_the_channels_node_subscribes_for_the_same_rooms(RedisSubscriptionMode mode)
    {
        var node = Track(await NodeShardedProcess.StartAsync(_nodeRedis.Url, mode switch
        {
            RedisSubscriptionMode.Static => "static",
            RedisSubscriptionMode.Dynamic => "dynamic",
            _ => "dynamic-private",
        }));
        var nodeWatcher = await StartRedisClientAsync(_nodeRedis);
        var dotnet = await StartNodeAsync(mode);
        var dotnetWatcher = await StartRedisClientAsync();
        var nodeIds = (await node.SendAsync("clients", new { count = 3 })).GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var dotnetIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            dotnetIds.Add((await ConnectAsync(dotnet)).Id);
        }

        var nodeNames = Names(node.Uid, nodeIds);
        var dotnetNames = Names(dotnet.Adapter().NodeUid, dotnetIds);
        var sockets = dotnet.Io.Sockets.Sockets;

        // Three sockets, then rooms joined (one named like a socket id, which is still a public room), one left, sockets
        // gone with their rooms. Both nodes must reach the channels socket.io's rules give, step by step.
        await BothReachAsync([0, 1, 2]);
        await node.SendAsync("join", new { client = 0, rooms = new[] { "room1", "room2", "abcdefghij0123456789" } });
        await node.SendAsync("join", new { client = 1, rooms = new[] { "room2" } });
        sockets[dotnetIds[0]].Join(["room1", "room2", "abcdefghij0123456789"]);
        sockets[dotnetIds[1]].Join("room2");
        await BothReachAsync([0, 1, 2], "room1", "room2", "abcdefghij0123456789");
        await node.SendAsync("leave", new { client = 0, room = "room1" });
        sockets[dotnetIds[0]].Leave("room1");
        await BothReachAsync([0, 1, 2], "room2", "abcdefghij0123456789");
        await node.SendAsync("dropClient", new { client = 1 });
        sockets[dotnetIds[1]].Disconnect();
        await BothReachAsync([0, 2], "room2", "abcdefghij0123456789");
        await node.SendAsync("dropClient", new { client = 0 });
        sockets[dotnetIds[0]].Disconnect();
        await BothReachAsync([2]);

        async Task BothReachAsync(int[] liveSockets, params string[] rooms)
        {
            var expected = new List<string> { "socket.io#/#", "socket.io#/#<uid>#" };
            if (mode != RedisSubscriptionMode.Static)
            {
                expected.AddRange(rooms.Select(room => $"socket.io#/#{room}#"));
            }

            if (mode == RedisSubscriptionMode.DynamicPrivate)
            {
                expected.AddRange(liveSockets.Select(i => $"socket.io#/#<socket {i}>#"));
            }

            expected.Sort(StringComparer.Ordinal);
            await ReachAsync(nodeWatcher, nodeNames, expected, "Node");
            await ReachAsync(dotnetWatcher, dotnetNames, expected, ".NET");
        }
    }

    private static async Task ReachAsync(RespPubSubClient watcher, List<(string Value, string Placeholder)> names, List<string> expected, string who)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var channels = Normalize(await ShardChannelsAsync(watcher), names);
            if (channels.SequenceEqual(expected) || DateTime.UtcNow > deadline)
            {
                channels.Should().Equal(expected, $"{who} subscribes these channels");
                return;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Each side's uid and socket ids, and the placeholders they become.</summary>
    private static List<(string Value, string Placeholder)> Names(string uid, IReadOnlyList<string> socketIds)
    {
        var names = new List<(string, string)> { (uid, "<uid>") };
        for (var i = 0; i < socketIds.Count; i++)
        {
            names.Add((socketIds[i], $"<socket {i}>"));
        }

        return names;
    }

    private static List<string> Normalize(HashSet<string> channels, List<(string Value, string Placeholder)> names)
    {
        var normalized = new List<string>();
        foreach (var channel in channels)
        {
            var name = channel;
            foreach (var (value, placeholder) in names)
            {
                name = name.Replace(value, placeholder, StringComparison.Ordinal);
            }

            normalized.Add(name);
        }

        normalized.Sort(StringComparer.Ordinal);
        return normalized;
    }
}
