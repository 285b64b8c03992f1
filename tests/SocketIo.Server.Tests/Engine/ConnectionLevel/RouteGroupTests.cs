using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine.ConnectionLevel;

/// <summary>The connection layer serves an endpoint at its full route, a group's prefix included.</summary>
public class RouteGroupTests
{
    [Fact]
    public async Task An_endpoint_in_a_route_group_is_served_at_its_prefixed_path()
    {
        var builder = KestrelTestHost.CreateBuilder(null);
        builder.Services.AddEngineIo(o => o.ConnectionLevelWebSockets = true);
        await using var app = builder.Build();
        var pipelineWebSockets = 0;
        app.Use((context, next) =>
        {
            if (context.Request.Headers.Upgrade.Count > 0)
            {
                Interlocked.Increment(ref pipelineWebSockets);
            }

            return next(context);
        });
        app.MapGroup("/api").MapEngineIo("/engine.io/", new RecordingHandler());
        var address = await KestrelTestHost.StartAsync(app);

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(address) { Scheme = "ws", Path = "/api/engine.io/", Query = "EIO=4&transport=websocket" }.Uri, CancellationToken.None);

        (await socket.ReceiveTextAsync()).Should().StartWith("0{");
        Volatile.Read(ref pipelineWebSockets).Should().Be(0);
        await app.StopAsync();
    }
}
