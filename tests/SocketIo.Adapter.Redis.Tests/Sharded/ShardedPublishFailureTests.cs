using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Sharded.Support;
using SocketIo.Adapter.Redis.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Sharded;

/// <summary>When Redis is gone, operations fail for the caller and are counted, and this node still does its part.</summary>
public sealed class ShardedPublishFailureTests : ShardedClusterTestBase
{
    [Fact]
    public async Task A_broadcast_without_redis_is_delivered_locally_counted_and_thrown()
    {
        var node = await StartNodeAsync(RedisSubscriptionMode.Dynamic);
        var client = await ConnectAsync(node);
        var connection = new ConnectionStateRecorder(node.Client);

        await Redis.StopAsync();
        await connection.WaitForAsync(connected: false);
        var broadcast = () => node.Io.EmitAsync("local-anyway", ["x"]);

        await broadcast.Should().ThrowAsync<RedisConnectionException>();
        (await client.NextEventAsync()).Name.Should().Be("local-anyway");
        node.Metrics.PublishFailures.Should().Be(1);
    }

    [Fact]
    public async Task Room_operations_and_requests_without_redis_fail_for_the_caller()
    {
        var node = await StartNodeAsync(RedisSubscriptionMode.Static);
        var client = await ConnectAsync(node);
        var connection = new ConnectionStateRecorder(node.Client);

        await Redis.StopAsync();
        await connection.WaitForAsync(connected: false);
        var join = () => node.Io.SocketsJoinAsync("vip");
        var fetch = () => node.Io.FetchSocketsAsync();
        var count = () => node.Io.Sockets.Adapter.GetServerCountAsync();

        await join.Should().ThrowAsync<RedisConnectionException>();
        await fetch.Should().ThrowAsync<RedisConnectionException>();
        await count.Should().ThrowAsync<RedisConnectionException>();
        node.Io.Sockets.Sockets[client.Id].Rooms.Should().Contain("vip", "the local part is done anyway");
        node.Metrics.PublishFailures.Should().Be(1);
    }

    [Fact]
    public async Task After_redis_comes_back_the_node_is_subscribed_and_broadcasts_again()
    {
        var a = await StartNodeAsync(RedisSubscriptionMode.Dynamic);
        var b = await StartNodeAsync(RedisSubscriptionMode.Dynamic);
        var onB = await ConnectAsync(b);
        b.Io.Sockets.Sockets[onB.Id].Join("lobby");
        await WaitForRoomChannelsAsync(RedisSubscriptionMode.Dynamic, b);
        var aState = new ConnectionStateRecorder(a.Client);
        var bState = new ConnectionStateRecorder(b.Client);

        await Redis.RestartAsync();
        await Task.WhenAll(aState.WaitForAsync(connected: true), bState.WaitForAsync(connected: true));
        await WaitForRoomChannelsAsync(RedisSubscriptionMode.Dynamic, b);
        await a.Io.To("lobby").EmitAsync("back");

        (await onB.NextEventAsync()).Name.Should().Be("back");
        (await a.Io.Sockets.Adapter.GetServerCountAsync()).Should().Be(2);
    }
}
