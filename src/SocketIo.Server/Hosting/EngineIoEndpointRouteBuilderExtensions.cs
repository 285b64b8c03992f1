using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIo.Server.Engine;
using SocketIo.Server.Engine.Transports.ConnectionLevel;

#pragma warning disable IDE0130 // Extension methods live in the namespace hosts already import.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps Engine.IO endpoints.</summary>
public static class EngineIoEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves Engine.IO v4 at <paramref name="path"/> (e.g. <c>"/engine.io/"</c>), for polling and WebSocket
    /// clients, with the options registered by <c>AddEngineIo</c>. CORS for polling is ASP.NET Core's: call
    /// <c>app.UseCors()</c> and <c>.RequireCors(...)</c> on the returned builder; without it no CORS headers are sent.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="path">The path clients connect to.</param>
    /// <param name="handler">Receives the connections.</param>
    public static IEndpointConventionBuilder MapEngineIo(this IEndpointRouteBuilder endpoints, string path, IEngineConnectionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(handler);

        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<EngineOptions>>().Value;
        var server = new EngineServer(
            options,
            handler,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("SocketIo.Server.Engine"));
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping
            .Register(() => server.CloseAll(EngineCloseReason.ServerShuttingDown));

        // The WebSocket middleware runs only on this branch, as SignalR's MapConnectionHandler does. Keep-alive
        // pings are off: Engine.IO has its own heartbeat.
        var branch = endpoints.CreateApplicationBuilder();
        branch.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        branch.Run(server.HandleRequestAsync);
        var endpoint = endpoints.Map(path, branch.Build()).WithDisplayName("Engine.IO " + path);
        if (options.ConnectionLevelWebSockets)
        {
            // Kestrel's connection layer finds the endpoint by this mark, at its full route, with its CORS metadata.
            endpoint.WithMetadata(new ConnectionLevelEngineEndpoint(server));
        }

        return endpoint;
    }

    /// <summary>Serves Engine.IO at <paramref name="path"/> with a handler of type <typeparamref name="THandler"/> made by DI.</summary>
    /// <typeparam name="THandler">The connection handler type.</typeparam>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="path">The path clients connect to.</param>
    public static IEndpointConventionBuilder MapEngineIo<THandler>(this IEndpointRouteBuilder endpoints, string path)
        where THandler : IEngineConnectionHandler
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapEngineIo(path, ActivatorUtilities.GetServiceOrCreateInstance<THandler>(endpoints.ServiceProvider));
    }
}
