using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocketIo.Server.Engine;
using SocketIo.Server.Engine.Transports.ConnectionLevel;

namespace SocketIo.Server.Hosting;

/// <summary>
/// Puts <see cref="ConnectionLevelWebSocketMiddleware"/> in front of every Kestrel endpoint when
/// <see cref="EngineOptions.ConnectionLevelWebSockets"/> is on. Endpoint defaults apply to endpoints from URLs and
/// configuration as they are bound, and run before a <c>UseHttps</c>, so TLS bytes simply go on to the pipeline.
/// </summary>
internal sealed class ConnectionLevelWebSocketSetup(IOptions<EngineOptions> engine, IServiceProvider services) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        if (!engine.Value.ConnectionLevelWebSockets)
        {
            return;
        }

        var routes = services.GetRequiredService<ConnectionLevelEngineRoutes>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        options.ConfigureEndpointDefaults(listen =>
            listen.Use(next => new ConnectionLevelWebSocketMiddleware(next, listen, options.Limits, routes, scopes, stopping).OnConnectionAsync));
    }
}
