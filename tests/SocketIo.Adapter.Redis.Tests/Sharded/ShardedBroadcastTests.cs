using System.Text.Json.Serialization;
using SocketIo.Adapter.Redis.Tests.Sharded.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Sharded;

/// <summary>Broadcasts between .NET nodes over a real Redis with sharded pub/sub, in every subscription mode.</summary>
public sealed class ShardedBroadcastTests : ShardedClusterTestBase
{
    public static TheoryData<RedisSubscriptionMode> Modes => [RedisSubscriptionMode.Static, RedisSubscriptionMode.Dynamic, RedisSubscriptionMode.DynamicPrivate];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_broadcast_reaches_the_clients_of_every_node(RedisSubscriptionMode mode)
    {
        var (a, b, c) = await StartThreeAsync(mode);
        var onA = await ConnectAsync(a);
        var onB = await ConnectAsync(b);
        var onC = await ConnectAsync(c);

        await a.Io.EmitAsync("hello", ["world", 1, new { nested = new[] { true } }]);

        foreach (var client in new[] { onA, onB, onC })
        {
            var received = await client.NextEventAsync();
            received.Name.Should().Be("hello");
            received.Arguments[0].GetString().Should().Be("world");
            received.Arguments[1].GetInt32().Should().Be(1);
            received.Arguments[2].GetProperty("nested")[0].GetBoolean().Should().BeTrue();
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_broadcast_to_rooms_less_excepted_rooms_reaches_exactly_their_members_on_every_node(RedisSubscriptionMode mode)
    {
        var (a, b, c) = await StartThreeAsync(mode);
        var inRed = await ConnectAsync(b);
        var inBlue = await ConnectAsync(c);
        var inBoth = await ConnectAsync(c);
        var inNone = await ConnectAsync(a);
        b.Io.Sockets.Sockets[inRed.Id].Join("red");
        c.Io.Sockets.Sockets[inBlue.Id].Join("blue");
        c.Io.Sockets.Sockets[inBoth.Id].Join(["red", "blue"]);
        await WaitForRoomChannelsAsync(mode, b, c);

        await a.Io.To("red").EmitAsync("one-room");
        await a.Io.To(["red", "blue"]).EmitAsync("two-rooms");
        await a.Io.To("red").Except("blue").EmitAsync("red-not-blue");
        await a.Io.Except("red").EmitAsync("all-but-red");
        await a.Io.To(inBlue.Id).EmitAsync("one-socket");
        await a.Io.EmitAsync("end");

        (await NamesUntilEndAsync(inRed)).Should().Equal("one-room", "two-rooms", "red-not-blue");
        (await NamesUntilEndAsync(inBlue)).Should().Equal("two-rooms", "all-but-red", "one-socket");
        (await NamesUntilEndAsync(inBoth)).Should().Equal("one-room", "two-rooms");
        (await NamesUntilEndAsync(inNone)).Should().Equal("all-but-red");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_socket_broadcast_leaves_out_the_sender_on_every_node(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode);
        var b = await StartNodeAsync(mode);
        var sender = await ConnectAsync(a);
        var onA = await ConnectAsync(a);
        var onB = await ConnectAsync(b);

        await a.Io.Sockets.Sockets[sender.Id].Broadcast.EmitAsync("news");
        await a.Io.EmitAsync("end");

        (await NamesUntilEndAsync(sender)).Should().BeEmpty();
        (await NamesUntilEndAsync(onA)).Should().Equal("news");
        (await NamesUntilEndAsync(onB)).Should().Equal("news");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Volatile_and_uncompressed_broadcasts_are_delivered_to_ready_clients_of_other_nodes(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode);
        var b = await StartNodeAsync(mode);
        var onB = await ConnectAsync(b);

        await a.Io.Volatile.Compress(false).EmitAsync("quiet", ["x"]);

        (await onB.NextEventAsync()).Name.Should().Be("quiet");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Binary_arguments_reach_the_clients_of_other_nodes_intact(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode);
        var b = await StartNodeAsync(mode);
        await using var clients = new DotNetClients(b.Server.BaseUri);
        var client = await clients.ConnectAsync(DotNetClients.WebSocket);
        var received = new TaskCompletionSource<(byte[], Attachment)>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On("file", response => received.TrySetResult((response.GetValue<byte[]>(0), response.GetValue<Attachment>(1)!)));
        await Eventually.TrueAsync(() => b.Io.Sockets.Sockets.Count == 1);

        await a.Io.EmitAsync("file", [new byte[] { 0, 1, 255 }, new Attachment("nested", [7, 8])]);

        var (data, attachment) = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        data.Should().Equal(0, 1, 255);
        attachment.Name.Should().Be("nested");
        attachment.Content.Should().Equal(7, 8);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_local_broadcast_stays_on_its_node(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode);
        var b = await StartNodeAsync(mode);
        var onA = await ConnectAsync(a);
        var onB = await ConnectAsync(b);

        await a.Io.Local.EmitAsync("mine");
        await a.Io.EmitAsync("end");

        (await NamesUntilEndAsync(onA)).Should().Equal("mine");
        (await NamesUntilEndAsync(onB)).Should().BeEmpty();
    }

    internal static async Task<List<string>> NamesUntilEndAsync(SocketIoTestClient client)
    {
        var names = new List<string>();
        while (true)
        {
            var received = await client.NextEventAsync();
            if (received.Name == "end")
            {
                return names;
            }

            names.Add(received.Name);
        }
    }

    private async Task<(ShardedTestNode, ShardedTestNode, ShardedTestNode)> StartThreeAsync(RedisSubscriptionMode mode) =>
        (await StartNodeAsync(mode), await StartNodeAsync(mode), await StartNodeAsync(mode));

    /// <summary>An object with a binary member; wire names pinned, as the client package names properties its own way.</summary>
    public sealed record Attachment([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("content")] byte[] Content);
}
