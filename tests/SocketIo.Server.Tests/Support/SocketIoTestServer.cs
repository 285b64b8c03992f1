using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Engine;

namespace SocketIo.Server.Tests.Support;

/// <summary>A real Kestrel server on a free loopback port serving Socket.IO at /socket.io/.</summary>
internal sealed class SocketIoTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SocketIoTestServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Io = app.Services.GetRequiredService<SocketIoServer>();
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(15) };
    }

    public Uri BaseUri { get; }

    /// <summary>The server under test; configure namespaces and listeners on it.</summary>
    public SocketIoServer Io { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SocketIoTestServer> StartAsync(
        Action<SocketIoServer>? configureIo = null,
        Action<SocketIoServerOptions>? configure = null,
        Action<EngineOptions>? configureEngine = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? configureServices = null,
        Action<WebApplication>? configureApp = null)
    {
        var builder = KestrelTestHost.CreateBuilder(time);

        var socketIo = builder.Services.AddSocketIo(configure);
        if (configureEngine is not null)
        {
            socketIo.ConfigureEngine(configureEngine);
        }

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        configureApp?.Invoke(app);
        app.MapSocketIo("/socket.io/");
        configureIo?.Invoke(app.Services.GetRequiredService<SocketIoServer>());
        Uri baseUri;
        try
        {
            baseUri = await KestrelTestHost.StartAsync(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new SocketIoTestServer(app, baseUri);
    }

    /// <summary>Opens an Engine.IO WebSocket session and reads its open packet; Socket.IO packets follow.</summary>
    public async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(BaseUri) { Scheme = "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        var open = await socket.ReceiveTextAsync();
        open.Should().StartWith("0{");
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Http.Dispose();
    }
}
