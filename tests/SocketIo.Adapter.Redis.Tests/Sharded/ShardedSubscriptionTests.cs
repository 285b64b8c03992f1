using SocketIo.Adapter.Redis.Tests.Sharded.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Sharded;

/// <summary>Which sharded channels a node subscribes, as Redis sees them (<c>PUBSUB SHARDCHANNELS</c>).</summary>
public sealed class ShardedSubscriptionTests : ShardedClusterTestBase
{
    public static TheoryData<RedisSubscriptionMode> Modes => ShardedBroadcastTests.Modes;

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_main_and_own_answer_channels_are_subscribed_at_creation_and_released_at_disposal(RedisSubscriptionMode mode)
    {
        var watcher = await StartRedisClientAsync();
        var node = await StartNodeAsync(mode);
        var channels = node.Adapter().Channels;

        channels.Main.Should().Be("socket.io#/#");
        channels.OwnResponses.Should().MatchRegex("^socket\\.io#/#[0-9a-f]{16}#$");
        (await ShardChannelsAsync(watcher)).Should().BeEquivalentTo(channels.Main, channels.OwnResponses);

        await node.Server.DisposeAsync();

        (await ShardChannelsAsync(watcher)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_prefix_and_namespace_name_the_channels()
    {
        var watcher = await StartRedisClientAsync();
        var node = await StartNodeAsync(RedisSubscriptionMode.Dynamic, configure: o => o.Key = "my-app");

        var chat = node.Adapter("/chat");
        await chat.Subscribed;

        chat.Channels.Main.Should().Be("my-app#/chat#");
        (await ShardChannelsAsync(watcher)).Should().BeEquivalentTo(
            "my-app#/#", node.Adapter().Channels.OwnResponses, "my-app#/chat#", chat.Channels.OwnResponses);
    }

    [Fact]
    public async Task Static_mode_subscribes_no_room_channel()
    {
        var watcher = await StartRedisClientAsync();
        var node = await StartNodeAsync(RedisSubscriptionMode.Static);
        var client = await ConnectAsync(node);
        node.Io.Sockets.Sockets[client.Id].Join("lobby");

        await node.Io.EmitAsync("round-trip");
        await client.NextEventAsync();

        (await ShardChannelsAsync(watcher)).Should().BeEquivalentTo(node.Adapter().Channels.Main, node.Adapter().Channels.OwnResponses);
    }

    [Theory]
    [InlineData(RedisSubscriptionMode.Dynamic, false)]
    [InlineData(RedisSubscriptionMode.DynamicPrivate, true)]
    public async Task Room_channels_follow_rooms_with_local_members(RedisSubscriptionMode mode, bool ownRoomsToo)
    {
        var watcher = await StartRedisClientAsync();
        var node = await StartNodeAsync(mode);
        var channels = node.Adapter().Channels;
        var first = await ConnectAsync(node);
        var second = await ConnectAsync(node);
        var lobby = channels.Room("lobby");

        node.Io.Sockets.Sockets[first.Id].Join("lobby");
        await ExpectChannelAsync(watcher, lobby, present: true);
        var subscribed = await ShardChannelsAsync(watcher);
        subscribed.Contains(channels.Room(first.Id)).Should().Be(ownRoomsToo);
        subscribed.Contains(channels.Room(second.Id)).Should().Be(ownRoomsToo);

        node.Io.Sockets.Sockets[second.Id].Join("lobby");
        node.Io.Sockets.Sockets[first.Id].Leave("lobby");
        node.Io.Sockets.Sockets[first.Id].Join("other");
        await ExpectChannelAsync(watcher, channels.Room("other"), present: true);
        (await ShardChannelsAsync(watcher)).Should().Contain(lobby, "the second socket is still in the lobby");

        node.Io.Sockets.Sockets[second.Id].Disconnect();
        await ExpectChannelAsync(watcher, lobby, present: false);
        if (ownRoomsToo)
        {
            await ExpectChannelAsync(watcher, channels.Room(second.Id), present: false);
        }

        await node.Server.DisposeAsync();
        (await ShardChannelsAsync(watcher)).Should().BeEmpty();
    }

    [Fact]
    public async Task Rooms_joined_on_request_of_another_node_get_their_channel()
    {
        var watcher = await StartRedisClientAsync();
        var a = await StartNodeAsync(RedisSubscriptionMode.Dynamic);
        var b = await StartNodeAsync(RedisSubscriptionMode.Dynamic);
        await ConnectAsync(b);

        await a.Io.SocketsJoinAsync("vip");

        await AsyncEventually.TrueAsync(
            async () => await SubscriberCountAsync(watcher, a.Adapter().Channels.Room("vip")) == 1,
            "only b, which has a socket in vip, subscribes its channel");
    }

    [Fact]
    public async Task Concurrent_joins_and_leaves_leave_exactly_the_rooms_with_members_subscribed()
    {
        var watcher = await StartRedisClientAsync();
        var node = await StartNodeAsync(RedisSubscriptionMode.Dynamic);
        var sockets = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            sockets.Add((await ConnectAsync(node)).Id);
        }

        Parallel.For(0, 2000, i =>
        {
            var socket = node.Io.Sockets.Sockets[sockets[i % sockets.Count]];
            var room = "r" + (i % 13);
            if (i % 3 == 0)
            {
                socket.Leave(room);
            }
            else
            {
                socket.Join(room);
            }
        });

        var channels = node.Adapter().Channels;
        var expected = node.Io.Sockets.Adapter.GetLocalRooms()
            .Where(room => !sockets.Contains(room))
            .Select(channels.Room)
            .Append(channels.Main)
            .Append(channels.OwnResponses)
            .ToHashSet();
        await AsyncEventually.TrueAsync(async () => (await ShardChannelsAsync(watcher)).SetEquals(expected), "the room channels match the rooms");
    }

    private static async Task ExpectChannelAsync(SocketIo.Adapter.Redis.Resp.RespPubSubClient watcher, string channel, bool present) =>
        await AsyncEventually.TrueAsync(
            async () => (await ShardChannelsAsync(watcher)).Contains(channel) == present,
            $"{channel} is {(present ? "subscribed" : "released")}");

    private static async Task<long> SubscriberCountAsync(SocketIo.Adapter.Redis.Resp.RespPubSubClient client, string channel)
    {
        var reply = await client.ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel);
        return reply[1].Integer;
    }
}
