using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIo.Adapter.Redis;
using SocketIo.Adapter.Redis.Diagnostics;
using SocketIo.Adapter.Redis.Hosting;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Server;
using SocketIo.Server.Adapters;
using SocketIo.Server.Hosting;

#pragma warning disable IDE0130 // Extension methods live in the namespace hosts already import, as AddSocketIo's.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the Redis adapter, so this server joins a cluster of Socket.IO nodes (.NET or Node).</summary>
public static class RedisSocketIoBuilderExtensions
{
    /// <summary>
    /// Replaces the in-memory adapter with the Redis adapter, wire-compatible with <c>@socket.io/redis-adapter</c> 8
    /// (<c>createAdapter</c> in <see cref="RedisAdapterMode.Classic"/> mode, the default). One Redis client serves every
    /// namespace; it connects when the host starts, and if Redis cannot be reached the server starts anyway, serves its
    /// own clients, and keeps connecting in the background.
    /// </summary>
    /// <param name="builder">The builder from <c>AddSocketIo</c>.</param>
    /// <param name="configure">Sets the options (connection, key, requests timeout); checked at start-up.</param>
    /// <example>
    /// <code>
    /// builder.Services.AddSocketIo().AddRedisAdapter(o =>
    /// {
    ///     o.Connection.Host = "redis.internal";
    ///     o.RequestsTimeout = TimeSpan.FromSeconds(3);
    /// });
    /// </code>
    /// </example>
    public static ISocketIoBuilder AddRedisAdapter(this ISocketIoBuilder builder, Action<RedisAdapterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<RedisAdapterOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisAdapterOptions>, RedisAdapterOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<RedisAdapterMetrics>();
        services.TryAddSingleton<IMessagePackCodec>(static sp =>
            new NotepackCodec(sp.GetRequiredService<IOptions<SocketIoServerOptions>>().Value.SerializerOptions));

        // The connection's clock is the real one, whatever clock the server's timeouts use.
        services.TryAddSingleton(static sp => new RespPubSubClient(
            sp.GetRequiredService<IOptions<RedisAdapterOptions>>().Value.Connection,
            sp.GetRequiredService<ILogger<RespPubSubClient>>()));
        services.TryAddSingleton<IRedisPubSubClient>(static sp => sp.GetRequiredService<RespPubSubClient>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisConnectionStarter>());
        services.Replace(ServiceDescriptor.Singleton<INamespaceAdapterFactory, RedisNamespaceAdapterFactory>());
        return builder;
    }

    /// <summary>
    /// Replaces the in-memory adapter with the Redis adapter, connecting to <paramref name="url"/>
    /// (<c>redis://[[user]:password@]host[:port][/db]</c>, or <c>rediss://</c> for TLS), as
    /// <see cref="AddRedisAdapter(ISocketIoBuilder, Action{RedisAdapterOptions})"/>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddSocketIo</c>.</param>
    /// <param name="url">Where Redis is.</param>
    /// <param name="configure">Sets the other options.</param>
    /// <exception cref="FormatException"><paramref name="url"/> is not a Redis URL.</exception>
    public static ISocketIoBuilder AddRedisAdapter(this ISocketIoBuilder builder, string url, Action<RedisAdapterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(url);

        // Parsed now so a wrong URL points at this call; each options instance gets its own copy.
        RedisConnectionOptions.Parse(url);
        return builder.AddRedisAdapter(o =>
        {
            o.Connection = RedisConnectionOptions.Parse(url);
            configure?.Invoke(o);
        });
    }
}
