using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocketIo.Adapter.Redis.Classic;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Sharded;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server;
using SocketIo.Server.Adapters;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Hosting;

public sealed class RedisSocketIoBuilderExtensionsTests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Replaces_the_in_memory_adapter_with_classic_adapters_sharing_one_started_client()
    {
        await using var app = Build(o => o.Connection = _redis.CreateOptions());
        await app.StartAsync();
        var io = app.Services.GetRequiredService<SocketIoServer>();

        io.Sockets.Adapter.Should().BeOfType<ClassicRedisAdapter>();
        io.Of("/chat").Adapter.Should().BeOfType<ClassicRedisAdapter>();
        app.Services.GetRequiredService<INamespaceAdapterFactory>().GetType().Name.Should().Be("RedisNamespaceAdapterFactory");
        var client = app.Services.GetRequiredService<RespPubSubClient>();
        app.Services.GetRequiredService<IRedisPubSubClient>().Should().BeSameAs(client);
        client.IsConnected.Should().BeTrue();
        (await io.Sockets.Adapter.GetServerCountAsync()).Should().Be(1);
        await app.StopAsync();
    }

    [Fact]
    public async Task Creates_sharded_adapters_in_sharded_mode()
    {
        await using var app = Build(o =>
        {
            o.Connection = _redis.CreateOptions();
            o.Mode = RedisAdapterMode.Sharded;
        });
        await app.StartAsync();

        app.Services.GetRequiredService<SocketIoServer>().Sockets.Adapter.Should().BeOfType<ShardedRedisAdapter>();
        await app.StopAsync();
    }

    [Fact]
    public void Takes_the_connection_from_a_redis_url()
    {
        using var services = new ServiceCollection().AddLogging().AddSocketIo().AddRedisAdapter("redis://:secret@cache.internal:6380", o => o.Key = "app")
            .Services.BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<RedisAdapterOptions>>().Value;

        options.Key.Should().Be("app");
        options.Connection.Host.Should().Be("cache.internal");
        options.Connection.Port.Should().Be(6380);
        options.Connection.Password.Should().Be("secret");
    }

    [Fact]
    public void A_url_that_is_not_a_redis_url_fails_at_the_call()
    {
        var builder = new ServiceCollection().AddSocketIo();

        builder.Invoking(b => b.AddRedisAdapter("http://cache.internal")).Should().Throw<FormatException>();
    }

    [Theory]
    [InlineData("key")]
    [InlineData("timeout")]
    [InlineData("port")]
    [InlineData("connect-timeout")]
    [InlineData("inbox")]
    public async Task Invalid_options_fail_at_start_up(string wrong)
    {
        var start = async () =>
        {
            // The server asks for its adapter factory, and so for the options, when the app maps it.
            await using var app = Build(o =>
            {
                o.Connection = _redis.CreateOptions();
                switch (wrong)
                {
                    case "key":
                        o.Key = string.Empty;
                        break;
                    case "timeout":
                        o.RequestsTimeout = TimeSpan.Zero;
                        break;
                    case "port":
                        o.Connection.Port = 70000;
                        break;
                    case "inbox":
                        o.MaxInboxBytes = 0;
                        break;
                    default:
                        o.Connection.ConnectTimeout = TimeSpan.FromSeconds(-1);
                        break;
                }
            });
            await app.StartAsync();
        };

        await start.Should().ThrowAsync<OptionsValidationException>();
    }

    [Fact]
    public async Task The_server_starts_and_serves_its_own_clients_when_redis_is_down()
    {
        await _redis.StopAsync();
        var node = await SocketIoTestServer.StartAsync(configureServices: s => s.AddSocketIo().AddRedisAdapter(o =>
        {
            o.Connection = _redis.CreateOptions();
            o.Connection.ConnectTimeout = TimeSpan.FromMilliseconds(200);
        }));
        await using (node)
        {
            await using var client = await SocketIoTestClient.ConnectAsync(node);

            await node.Io.Local.EmitAsync("hello");

            (await client.NextEventAsync()).Name.Should().Be("hello");
        }
    }

    private static WebApplication Build(Action<RedisAdapterOptions> configure)
    {
        var builder = KestrelTestHost.CreateBuilder(time: null);
        builder.Services.AddSocketIo().AddRedisAdapter(configure);
        var app = builder.Build();
        app.MapSocketIo("/socket.io/");
        return app;
    }
}
