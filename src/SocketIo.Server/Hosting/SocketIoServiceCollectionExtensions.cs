using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocketIo.Server;
using SocketIo.Server.Adapters;
using SocketIo.Server.Engine;
using SocketIo.Server.Hosting;

#pragma warning disable IDE0130 // Extension methods live in the namespace hosts already import.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the Socket.IO server.</summary>
public static class SocketIoServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Socket.IO server (a singleton <see cref="SocketIoServer"/>, injectable anywhere), the Engine.IO
    /// transport under it, and the in-memory adapter unless another adapter is registered.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets Socket.IO options.</param>
    /// <example>
    /// <code>
    /// builder.Services.AddSocketIo(o => o.ConnectionStateRecovery = new())
    ///     .ConfigureEngine(e => e.PingInterval = TimeSpan.FromSeconds(10));
    /// </code>
    /// </example>
    public static ISocketIoBuilder AddSocketIo(this IServiceCollection services, Action<SocketIoServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddEngineIo();
        var options = services.AddOptions<SocketIoServerOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocketIoServerOptions>, SocketIoServerOptionsValidator>());
        services.TryAddSingleton<INamespaceAdapterFactory, InMemoryAdapterFactory>();
        services.TryAddSingleton<SocketIoServer>();
        return new SocketIoBuilder(services);
    }

    /// <summary>Sets Engine.IO options (heartbeat, payload size, transports, cookie).</summary>
    /// <param name="builder">The builder from <c>AddSocketIo</c>.</param>
    /// <param name="configure">Sets the options.</param>
    public static ISocketIoBuilder ConfigureEngine(this ISocketIoBuilder builder, Action<EngineOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
