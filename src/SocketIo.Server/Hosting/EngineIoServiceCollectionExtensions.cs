using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocketIo.Server.Engine;
using SocketIo.Server.Engine.Transports.ConnectionLevel;
using SocketIo.Server.Hosting;

#pragma warning disable IDE0130 // Extension methods live in the namespace hosts already import.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the Engine.IO server.</summary>
public static class EngineIoServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Engine.IO services and binds <see cref="EngineOptions"/>; the options are validated at start-up.
    /// Endpoints are then mapped with <c>MapEngineIo</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    public static IServiceCollection AddEngineIo(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EngineOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConnectionLevelEngineRoutes>();
        AddConnectionLevelWebSocketSetup(services);
        return services;
    }

    /// <summary>
    /// First among Kestrel's option setups: Kestrel applies endpoint defaults to an endpoint when it is declared, so
    /// this must run before an application's own <c>ConfigureKestrel</c> declares endpoints with <c>Listen</c>, whether
    /// that was called before or after <c>AddEngineIo</c>. An application's own <c>ConfigureEndpointDefaults</c>
    /// then runs later and replaces it, as Kestrel keeps one.
    /// </summary>
    private static void AddConnectionLevelWebSocketSetup(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ImplementationType == typeof(ConnectionLevelWebSocketSetup))
            {
                return;
            }
        }

        services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, ConnectionLevelWebSocketSetup>());
    }
}
