using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Engine;

namespace SocketIo.Server.Tests.Support;

/// <summary>A real Kestrel server on a free loopback port serving Engine.IO at /engine.io/.</summary>
internal sealed class EngineTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EngineTestServer(WebApplication app, Uri baseUri, RecordingHandler handler)
    {
        _app = app;
        BaseUri = baseUri;
        Handler = handler;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(15) };
    }

    public Uri BaseUri { get; }

    public RecordingHandler Handler { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<EngineTestServer> StartAsync(
        Action<EngineOptions>? configure = null,
        TimeProvider? time = null,
        RecordingHandler? handler = null,
        Action<WebApplication, IEndpointConventionBuilder>? configureApp = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = KestrelTestHost.CreateBuilder(time);

        builder.Services.AddEngineIo(configure);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        handler ??= new RecordingHandler();
        var endpoint = app.MapEngineIo("/engine.io/", handler);
        configureApp?.Invoke(app, endpoint);
        var baseUri = await KestrelTestHost.StartAsync(app);
        return new EngineTestServer(app, baseUri, handler);
    }

    public static string Url(string query) => "/engine.io/?" + query;

    /// <summary>Opens a polling session and returns its sid.</summary>
    public async Task<string> HandshakeAsync()
    {
        var body = await Http.GetStringAsync(Url("EIO=4&transport=polling"));
        body.Should().StartWith("0");
        return JsonDocument.Parse(body[1..]).RootElement.GetProperty("sid").GetString()!;
    }

    public Task<HttpResponseMessage> PollAsync(string sid, CancellationToken cancellationToken = default) =>
        Http.GetAsync(Url($"EIO=4&transport=polling&sid={sid}"), cancellationToken);

    public Task<HttpResponseMessage> PostAsync(string sid, string body) =>
        Http.PostAsync(Url($"EIO=4&transport=polling&sid={sid}"), new StringContent(body, Encoding.UTF8, "text/plain"));

    public async Task<ClientWebSocket> ConnectWebSocketAsync(string query)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(BaseUri) { Scheme = "ws", Path = "/engine.io/", Query = query }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Http.Dispose();
    }
}

/// <summary>Reads whole WebSocket messages in tests.</summary>
internal static class WebSocketTestExtensions
{
    public static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveMessageAsync(this WebSocket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, []);
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    public static async Task<string> ReceiveTextAsync(this WebSocket socket)
    {
        var (type, data) = await socket.ReceiveMessageAsync();
        type.Should().Be(WebSocketMessageType.Text);
        return Encoding.UTF8.GetString(data);
    }

    public static Task SendTextAsync(this WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Completes once the server closed the socket (close frame or abort).</summary>
    public static async Task<WebSocketCloseStatus?> WaitForCloseAsync(this WebSocket socket)
    {
        try
        {
            while (true)
            {
                var (type, _) = await socket.ReceiveMessageAsync();
                if (type == WebSocketMessageType.Close)
                {
                    return socket.CloseStatus;
                }
            }
        }
        catch (WebSocketException)
        {
            return socket.CloseStatus;
        }
    }
}
