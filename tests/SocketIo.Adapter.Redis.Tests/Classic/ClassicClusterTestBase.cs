using Microsoft.Extensions.DependencyInjection;
using SocketIo.Adapter.Redis.Classic;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server;
using SocketIo.Server.Hosting;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Classic;

/// <summary>
/// Kestrel nodes in this process, each with its own Redis client and classic adapters (registered with
/// <c>AddRedisAdapter</c>), sharing a redis-server of the test's own; everything is stopped after each test.
/// </summary>
public abstract class ClassicClusterTestBase : IAsyncLifetime
{
    private readonly List<SocketIoTestServer> _nodes = [];
    private readonly List<SocketIoTestClient> _clients = [];
    private readonly List<IAsyncDisposable> _others = [];

    internal RedisServerProcess Redis { get; private set; } = null!;

    public async Task InitializeAsync() => Redis = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var other in _others)
        {
            await other.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }

    internal async Task<SocketIoTestServer> StartNodeAsync(
        Action<SocketIoServer>? configureIo = null,
        TimeProvider? time = null,
        Action<RedisAdapterOptions>? configureRedis = null)
    {
        var node = await SocketIoTestServer.StartAsync(
            configureIo: configureIo,
            time: time,
            configureServices: s => new TestSocketIoBuilder(s).AddRedisAdapter(o =>
            {
                o.Connection = Redis.CreateOptions();
                o.Connection.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
                configureRedis?.Invoke(o);
            }));
        _nodes.Add(node);
        return node;
    }

    internal async Task<SocketIoTestClient> ConnectAsync(SocketIoTestServer node)
    {
        var client = await SocketIoTestClient.ConnectAsync(node);
        _clients.Add(client);
        return client;
    }

    /// <summary>A plain Redis client of the test's own (to record, publish, or play a silent node).</summary>
    internal async Task<RespPubSubClient> StartRedisClientAsync()
    {
        var client = await RespTestClients.StartAsync(Redis);
        _others.Add(client);
        return client;
    }

    /// <summary>A node that counts in <c>PUBSUB NUMSUB</c> of the namespace's request channel but never answers.</summary>
    internal async Task StartSilentNodeAsync(string @namespace = "/")
    {
        var client = await StartRedisClientAsync();
        await client.SubscribeAsync(new RedisChannel($"socket.io-request#{@namespace}#", RedisChannelKind.Literal), static (_, _) => { });
    }

    internal static ClassicRedisAdapter AdapterOf(SocketIoTestServer node, string @namespace = "/") =>
        (ClassicRedisAdapter)node.Io.Of(@namespace).Adapter;

    internal static Socket SocketOf(SocketIoTestServer node, SocketIoTestClient client) => node.Io.Sockets.Sockets[client.Id];

    internal static async Task<ReceivedEvent> ExpectEventAsync(SocketIoTestClient client, string name)
    {
        var received = await client.NextEventAsync();
        received.Name.Should().Be(name);
        return received;
    }

    /// <summary>Waits until Redis counts <paramref name="count"/> subscribers of the namespace's request channel.</summary>
    internal static async Task WaitForServerCountAsync(SocketIoTestServer node, int count, string @namespace = "/")
    {
        var adapter = AdapterOf(node, @namespace);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await CountOrMinusOneAsync(adapter) != count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The server count did not become {count}.");
            }

            await Task.Delay(10);
        }
    }

    private static async Task<int> CountOrMinusOneAsync(ClassicRedisAdapter adapter)
    {
        try
        {
            return await adapter.GetServerCountAsync();
        }
        catch (RedisConnectionException)
        {
            return -1;
        }
    }

    private sealed class TestSocketIoBuilder(IServiceCollection services) : ISocketIoBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
