using Microsoft.Extensions.Options;
using SocketIo.Adapter.Redis.Classic;
using SocketIo.Adapter.Redis.Diagnostics;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Sharded;
using SocketIo.Server.Adapters;

namespace SocketIo.Adapter.Redis.Hosting;

/// <summary>Creates each namespace's Redis adapter, of the configured <see cref="RedisAdapterOptions.Mode"/>.</summary>
internal sealed class RedisNamespaceAdapterFactory(
    IRedisPubSubClient client,
    IMessagePackCodec codec,
    IOptions<RedisAdapterOptions> options,
    RedisAdapterMetrics metrics) : INamespaceAdapterFactory
{
    public NamespaceAdapter Create(AdapterContext context)
    {
        var settings = options.Value;
        return settings.Mode switch
        {
            RedisAdapterMode.Classic => new ClassicRedisAdapter(context, client, codec, settings, metrics),
            RedisAdapterMode.Sharded => new ShardedRedisAdapter(context, client, codec, settings, metrics),
            _ => throw new InvalidOperationException($"Unknown Redis adapter mode {settings.Mode}."),
        };
    }
}
