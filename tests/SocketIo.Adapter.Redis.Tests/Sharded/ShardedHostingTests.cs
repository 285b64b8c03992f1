using Microsoft.Extensions.DependencyInjection;
using SocketIo.Adapter.Redis.Sharded;
using SocketIo.Adapter.Redis.Tests.Sharded.Support;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Sharded;

/// <summary><c>AddRedisAdapter</c> in sharded mode gives every namespace a <see cref="ShardedRedisAdapter"/> that works.</summary>
public sealed class ShardedHostingTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    [Theory]
    [InlineData(RedisSubscriptionMode.Static)]
    [InlineData(RedisSubscriptionMode.Dynamic)]
    [InlineData(RedisSubscriptionMode.DynamicPrivate)]
    public async Task Nodes_registered_in_sharded_mode_form_a_cluster(RedisSubscriptionMode mode)
    {
        var a = await StartAsync(mode);
        var b = await StartAsync(mode);
        var client = await SocketIoTestClient.ConnectAsync(b);
        _owned.Add(client);
        b.Io.Sockets.Sockets[client.Id].Join("lobby");
        var adapter = a.Io.Sockets.Adapter.Should().BeOfType<ShardedRedisAdapter>().Subject;
        await adapter.Subscribed;
        var watcher = await RespTestClients.StartAsync(_redis);
        _owned.Add(watcher);
        var channel = mode == RedisSubscriptionMode.Static ? adapter.Channels.Main : adapter.Channels.Room("lobby");
        var expected = mode == RedisSubscriptionMode.Static ? 2 : 1;
        await AsyncEventually.TrueAsync(
            async () => (await watcher.ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel))[1].Integer == expected,
            $"{channel} has {expected} subscribers");

        await a.Io.To("lobby").EmitAsync("hello", ["from a"]);

        var received = await client.NextEventAsync();
        received.Name.Should().Be("hello");
        received.Arguments[0].GetString().Should().Be("from a");
        (await a.Io.Sockets.Adapter.GetServerCountAsync()).Should().Be(2);
    }

    private async Task<SocketIoTestServer> StartAsync(RedisSubscriptionMode mode)
    {
        var node = await SocketIoTestServer.StartAsync(configureServices: s => s.AddSocketIo().AddRedisAdapter(o =>
        {
            o.Mode = RedisAdapterMode.Sharded;
            o.SubscriptionMode = mode;
            o.Connection = _redis.CreateOptions();
        }));
        _owned.Add(node);
        return node;
    }
}
