using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Classic;

/// <summary>What a node does while Redis is unreachable: it serves its own clients, reports what it could not publish, and joins the cluster once Redis is back.</summary>
public sealed class ClassicRedisOutageTests : ClassicClusterTestBase
{
    [Fact]
    public async Task A_broadcast_is_delivered_here_and_the_publish_failure_is_counted_and_thrown()
    {
        var a = await StartNodeAsync();
        using var metrics = new AdapterMetricsRecorder(a);
        var onA = await ConnectAsync(a);
        await Redis.StopAsync();

        await a.Io.Sockets.Invoking(n => n.EmitAsync("hello")).Should().ThrowAsync<RedisConnectionException>();
        await a.Io.Invoking(n => n.SocketsJoinAsync("r")).Should().ThrowAsync<RedisConnectionException>();

        await ExpectEventAsync(onA, "hello");
        SocketOf(a, onA).Rooms.Should().Contain("r", "joins are applied here whatever Redis does");
        metrics.PublishFailures.Should().Be(2);
        await a.Io.Invoking(n => n.FetchSocketsAsync()).Should().ThrowAsync<RedisConnectionException>();
    }

    [Fact]
    public async Task A_node_starts_and_serves_locally_while_redis_is_down_and_joins_the_cluster_when_it_is_back()
    {
        await Redis.StopAsync();
        var a = await StartNodeAsync(configureRedis: o => o.Connection.ConnectTimeout = TimeSpan.FromMilliseconds(300));
        var onA = await ConnectAsync(a);

        await a.Io.Local.EmitAsync("local");
        await ExpectEventAsync(onA, "local");

        await Redis.RestartAsync();
        await WaitForServerCountAsync(a, 1);
        var b = await StartNodeAsync();
        await WaitForServerCountAsync(a, 2);
        var onB = await ConnectAsync(b);

        await a.Io.Sockets.EmitAsync("together");

        await ExpectEventAsync(onA, "together");
        await ExpectEventAsync(onB, "together");
    }
}
