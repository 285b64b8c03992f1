using Microsoft.Extensions.DependencyInjection;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Sharded;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server;
using SocketIo.Server.Adapters;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Sharded.Support;

/// <summary>
/// A redis-server of the test's own, Kestrel nodes whose namespaces use <see cref="ShardedRedisAdapter"/> over it (each
/// node with its own <see cref="RespPubSubClient"/> and metrics), clients connected to them, and extra Redis clients
/// for publishing or watching; everything stopped after each test.
/// </summary>
public abstract class ShardedClusterTestBase : IAsyncLifetime
{
    private readonly List<ShardedTestNode> _nodes = [];
    private readonly List<IAsyncDisposable> _others = [];

    internal RedisServerProcess Redis { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Redis = await RedisServerProcess.StartAsync();

    public virtual async Task DisposeAsync()
    {
        for (var i = _others.Count - 1; i >= 0; i--)
        {
            await _others[i].DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
    }

    /// <summary>Starts a node whose main namespace is subscribed when this returns.</summary>
    internal async Task<ShardedTestNode> StartNodeAsync(
        RedisSubscriptionMode mode,
        Action<SocketIoServer>? configureIo = null,
        Action<RedisAdapterOptions>? configure = null,
        RedisServerProcess? redis = null)
    {
        var node = await ShardedTestNode.StartAsync(redis ?? Redis, mode, configureIo, configure);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Connects a raw test client to the main namespace of <paramref name="node"/>.</summary>
    internal async Task<SocketIoTestClient> ConnectAsync(ShardedTestNode node)
    {
        var client = await SocketIoTestClient.ConnectAsync(node.Server);
        _others.Add(client);
        return client;
    }

    /// <summary>A started Redis client of the test's own (to publish hostile messages, count, list channels).</summary>
    internal async Task<RespPubSubClient> StartRedisClientAsync(RedisServerProcess? redis = null)
    {
        var client = await RespTestClients.StartAsync(redis ?? Redis);
        _others.Add(client);
        return client;
    }

    /// <summary>Registers something else to dispose at the end (before the nodes).</summary>
    internal T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        _others.Add(disposable);
        return disposable;
    }

    /// <summary>In the dynamic modes a node hears a room only once its room channel is subscribed.</summary>
    internal async Task WaitForRoomChannelsAsync(RedisSubscriptionMode mode, params ShardedTestNode[] nodes)
    {
        if (mode == RedisSubscriptionMode.Static)
        {
            return;
        }

        var watcher = await StartRedisClientAsync();
        foreach (var node in nodes)
        {
            foreach (var room in node.Io.Sockets.Adapter.GetLocalRooms())
            {
                if (mode == RedisSubscriptionMode.Dynamic && node.Io.Sockets.Sockets.ContainsKey(room))
                {
                    continue;
                }

                var channel = node.Adapter().Channels.Room(room);
                await AsyncEventually.TrueAsync(async () => (await ShardChannelsAsync(watcher)).Contains(channel), channel + " is subscribed");
            }
        }
    }

    /// <summary>The sharded channels with at least one subscriber (<c>PUBSUB SHARDCHANNELS</c>).</summary>
    internal static async Task<HashSet<string>> ShardChannelsAsync(RespPubSubClient client)
    {
        var reply = await client.ExecuteAsync("PUBSUB", "SHARDCHANNELS");
        var channels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in reply.Items)
        {
            channels.Add(item.AsString()!);
        }

        return channels;
    }
}

/// <summary>One Kestrel node with the sharded adapter, its Redis client and its metrics.</summary>
internal sealed class ShardedTestNode : IAsyncDisposable
{
    private ShardedTestNode(SocketIoTestServer server, RespPubSubClient client, AdapterMetricsRecorder metrics)
    {
        Server = server;
        Client = client;
        Metrics = metrics;
    }

    public SocketIoTestServer Server { get; }

    public RespPubSubClient Client { get; }

    public AdapterMetricsRecorder Metrics { get; }

    public SocketIoServer Io => Server.Io;

    public static async Task<ShardedTestNode> StartAsync(
        RedisServerProcess redis,
        RedisSubscriptionMode mode,
        Action<SocketIoServer>? configureIo,
        Action<RedisAdapterOptions>? configure)
    {
        var options = new RedisAdapterOptions { Mode = RedisAdapterMode.Sharded, SubscriptionMode = mode };
        configure?.Invoke(options);
        var metrics = new AdapterMetricsRecorder();
        var client = await RespTestClients.StartAsync(redis);
        var factory = new Factory(client, options, metrics);
        var server = await SocketIoTestServer.StartAsync(configureIo: configureIo, configureServices: s => s.AddSingleton<INamespaceAdapterFactory>(factory));
        var node = new ShardedTestNode(server, client, metrics);
        await node.Adapter().Subscribed;
        return node;
    }

    public ShardedRedisAdapter Adapter(string @namespace = "/") => (ShardedRedisAdapter)Io.Of(@namespace).Adapter;

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Client.DisposeAsync();
        Metrics.Dispose();
    }

    private sealed class Factory(IRedisPubSubClient client, RedisAdapterOptions options, AdapterMetricsRecorder metrics) : INamespaceAdapterFactory
    {
        public NamespaceAdapter Create(AdapterContext context) =>
            new ShardedRedisAdapter(context, client, new NotepackCodec(context.SerializerOptions), options, metrics.Metrics!);
    }
}
