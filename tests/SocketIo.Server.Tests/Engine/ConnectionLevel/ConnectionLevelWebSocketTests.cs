using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine.ConnectionLevel;

/// <summary>
/// <see cref="EngineOptions.ConnectionLevelWebSockets"/> on a real Kestrel: WebSocket handshakes are served before
/// the HTTP pipeline (an app middleware never sees them), everything else still reaches the pipeline.
/// </summary>
public class ConnectionLevelWebSocketTests
{
    [Fact]
    public async Task A_websocket_session_opens_without_the_http_pipeline_and_exchanges_messages()
    {
        var seen = new PipelineWebSockets();
        await using var server = await StartAsync(configureApp: (app, _) => seen.Watch(app));

        using var socket = await server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        (await socket.ReceiveTextAsync()).Should().StartWith("0{\"sid\":");
        await socket.SendTextAsync("4hello");

        (await socket.ReceiveTextAsync()).Should().Be("4hello");
        seen.Count.Should().Be(0);
        var connection = await server.Handler.FirstConnection;
        connection.Handshake.RemoteAddress.Should().Be(IPAddress.Loopback);
        connection.Handshake.Headers["Host"].ToString().Should().Be(server.BaseUri.Authority);
        connection.Handshake.Query["transport"].ToString().Should().Be("websocket");
    }

    [Fact]
    public async Task Without_the_option_the_handshake_goes_through_the_pipeline()
    {
        var seen = new PipelineWebSockets();
        await using var server = await EngineTestServer.StartAsync(configureApp: (app, _) => seen.Watch(app));

        using var socket = await server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        (await socket.ReceiveTextAsync()).Should().StartWith("0{\"sid\":");

        seen.Count.Should().Be(1);
    }

    [Fact]
    public async Task Polling_still_works_and_upgrades_over_a_connection_level_websocket()
    {
        var seen = new PipelineWebSockets();
        await using var server = await StartAsync(configureApp: (app, _) => seen.Watch(app));
        var sid = await server.HandshakeAsync();
        var poll = server.PollAsync(sid);

        using var socket = await server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");
        await socket.SendTextAsync("2probe");
        (await socket.ReceiveTextAsync()).Should().Be("3probe");
        (await (await poll).Content.ReadAsStringAsync()).Should().Be("6");
        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4after");

        (await socket.ReceiveTextAsync()).Should().Be("4after");
        seen.Count.Should().Be(0);
        server.Handler.Connections[sid].TransportName.Should().Be("websocket");
    }

    [Theory]
    [InlineData("EIO=3&transport=websocket", null)]
    [InlineData("EIO=4&transport=websocket", "https://evil.example")]
    [InlineData("EIO=4&transport=websocket&sid=unknown", null)]
    public async Task A_refused_handshake_gets_the_answer_of_the_normal_path(string query, string? origin)
    {
        void Configure(EngineOptions o) => o.AllowedOrigins.Add("https://good.example");
        await using var normal = await EngineTestServer.StartAsync(Configure);
        await using var lean = await StartAsync(Configure);

        var expected = await RefusalAsync(normal, query, origin);
        var actual = await RefusalAsync(lean, query, origin);

        expected.Status.Should().Be(HttpStatusCode.BadRequest);
        actual.Should().Be(expected);
    }

    [Fact]
    public async Task A_handshake_past_the_per_address_cap_gets_the_answer_of_the_normal_path()
    {
        await using var normal = await EngineTestServer.StartAsync(o => o.MaxConnectionsPerIp = 1);
        await using var lean = await StartAsync(o => o.MaxConnectionsPerIp = 1);
        await normal.HandshakeAsync();
        await lean.HandshakeAsync();

        var expected = await RefusalAsync(normal, "EIO=4&transport=websocket", null);
        var actual = await RefusalAsync(lean, "EIO=4&transport=websocket", null);

        expected.Body.Should().Be("Too many connections");
        actual.Should().Be(expected);
    }

    [Fact]
    public async Task The_endpoints_cors_policy_decides_origins_as_on_the_normal_path()
    {
        await using var server = await StartAsync(
            configureApp: (app, endpoint) => endpoint.RequireCors(p => p.WithOrigins("https://cors.example")),
            configureServices: services => services.AddCors());

        using var allowed = new ClientWebSocket();
        allowed.Options.SetRequestHeader("Origin", "https://cors.example");
        await allowed.ConnectAsync(WebSocketUri(server, "EIO=4&transport=websocket"), CancellationToken.None);
        (await allowed.ReceiveTextAsync()).Should().StartWith("0{");

        (await RefusalAsync(server, "EIO=4&transport=websocket", "https://evil.example")).Should().Be((HttpStatusCode.BadRequest, "Origin not allowed"));
    }

    [Fact]
    public async Task An_endpoint_that_requires_authorization_keeps_the_pipeline()
    {
        var seen = new PipelineWebSockets();
        await using var server = await StartAsync(
            configureApp: (app, endpoint) =>
            {
                seen.Watch(app);
                endpoint.RequireAuthorization(policy => policy.RequireAssertion(_ => true));
            },
            configureServices: services => services.AddAuthorization());

        using var socket = await server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        (await socket.ReceiveTextAsync()).Should().StartWith("0{");

        seen.Count.Should().Be(1);
    }

    [Fact]
    public async Task A_host_restricted_endpoint_keeps_the_pipeline()
    {
        var seen = new PipelineWebSockets();
        await using var server = await StartAsync(configureApp: (app, endpoint) =>
        {
            seen.Watch(app);
            endpoint.RequireHost("127.0.0.1:*");
        });

        using var socket = await server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        (await socket.ReceiveTextAsync()).Should().StartWith("0{");

        seen.Count.Should().Be(1);
    }

    [Fact]
    public async Task A_cap_on_upgraded_connections_keeps_the_pipeline_that_counts_them()
    {
        var seen = new PipelineWebSockets();
        await using var server = await StartAsync(
            configureApp: (app, _) => seen.Watch(app),
            configureServices: s => s.Configure<KestrelServerOptions>(k => k.Limits.MaxConcurrentUpgradedConnections = 100));

        using var socket = await server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        (await socket.ReceiveTextAsync()).Should().StartWith("0{");

        seen.Count.Should().Be(1);
    }

    [Fact]
    public async Task Other_paths_and_non_websocket_requests_reach_the_pipeline()
    {
        await using var server = await StartAsync(configureApp: (app, _) =>
        {
            app.MapGet("/health", () => "ok");
            app.UseWebSockets();
            app.Map("/echo", async (HttpContext context) =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                await socket.SendTextAsync("from the pipeline");
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            });
        });

        (await server.Http.GetStringAsync("/health")).Should().Be("ok");
        (await server.Http.GetAsync("/engine.io/?EIO=4&transport=websocket")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var other = new ClientWebSocket();
        await other.ConnectAsync(new UriBuilder(server.BaseUri) { Scheme = "ws", Path = "/echo" }.Uri, CancellationToken.None);
        (await other.ReceiveTextAsync()).Should().Be("from the pipeline");
    }

    [Theory]
    [InlineData("HELLO\r\n\r\n")]
    [InlineData("GET /\r\n\r\n")]
    [InlineData("\u0016\u0003\u0001\u0000\u00a5\r\n\r\n")]
    [InlineData("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nBad Header: y\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")]
    public async Task Bytes_that_are_no_request_get_kestrels_400(string bytes)
    {
        await using var server = await StartAsync();
        using var client = await RawTcpClient.ConnectAsync(server.BaseUri);

        await client.SendAsync(bytes);

        (await client.ReadToEndAsync()).Should().StartWith("HTTP/1.1 400 ");
    }

    [Fact]
    public async Task A_head_over_kestrels_header_limit_gets_kestrels_431()
    {
        await using var server = await StartAsync(configureServices: s => s.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestHeadersTotalSize = 4096));
        using var client = await RawTcpClient.ConnectAsync(server.BaseUri);

        await client.SendAsync(Handshake("/engine.io/?EIO=4&transport=websocket", "X-Padding: " + new string('a', 8192) + "\r\n"));

        (await client.ReadToEndAsync()).Should().StartWith("HTTP/1.1 431 ");
    }

    [Fact]
    public async Task A_head_that_stops_arriving_is_dropped_after_the_request_headers_timeout()
    {
        await using var server = await StartAsync(configureServices: s => s.Configure<KestrelServerOptions>(k => k.Limits.RequestHeadersTimeout = TimeSpan.FromMilliseconds(500)));
        using var client = await RawTcpClient.ConnectAsync(server.BaseUri);

        await client.SendAsync("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n");

        (await client.ReadToEndAsync()).Should().BeEmpty();
        server.Handler.Connections.Should().BeEmpty();
    }

    [Fact]
    public async Task A_connection_that_has_not_sent_its_request_is_closed_when_the_server_stops()
    {
        var server = await StartAsync(configureServices: s => s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(5)));
        using var idle = await RawTcpClient.ConnectAsync(server.BaseUri);
        using var partial = await RawTcpClient.ConnectAsync(server.BaseUri);
        await partial.SendAsync("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\n");
        await server.Http.GetAsync(new Uri("/engine.io/?EIO=4&transport=polling", UriKind.Relative));

        var stopping = server.DisposeAsync().AsTask();

        (await idle.ReadToEndAsync()).Should().BeEmpty();
        (await partial.ReadToEndAsync()).Should().BeEmpty();
        await stopping;
    }

    [Fact]
    public async Task A_handshake_written_byte_by_byte_is_served()
    {
        var seen = new PipelineWebSockets();
        await using var server = await StartAsync(configureApp: (app, _) => seen.Watch(app));
        using var client = await RawTcpClient.ConnectAsync(server.BaseUri);

        foreach (var c in Handshake("/engine.io?EIO=4&transport=websocket", string.Empty))
        {
            await client.SendAsync(c.ToString());
        }

        await server.Handler.FirstConnection;
        seen.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_request_head_written_byte_by_byte_for_another_path_reaches_the_pipeline_whole()
    {
        await using var server = await StartAsync(configureApp: (app, _) => app.MapGet("/health", () => "ok"));
        using var client = await RawTcpClient.ConnectAsync(server.BaseUri);

        foreach (var c in "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        {
            await client.SendAsync(c.ToString());
        }

        var response = await client.ReadToEndAsync();
        response.Should().StartWith("HTTP/1.1 200 ").And.Contain("\r\nok\r\n");
    }

    private static Task<EngineTestServer> StartAsync(
        Action<EngineOptions>? configure = null,
        Action<WebApplication, IEndpointConventionBuilder>? configureApp = null,
        Action<IServiceCollection>? configureServices = null) =>
        EngineTestServer.StartAsync(
            o =>
            {
                o.ConnectionLevelWebSockets = true;
                configure?.Invoke(o);
            },
            configureApp: configureApp,
            configureServices: configureServices);

    private static Uri WebSocketUri(EngineTestServer server, string query) =>
        new UriBuilder(server.BaseUri) { Scheme = "ws", Path = "/engine.io/", Query = query }.Uri;

    private static string Handshake(string target, string extraHeaders) =>
        $"GET {target} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n{extraHeaders}\r\n";

    /// <summary>A WebSocket handshake sent with HttpClient, so a refusal's status and body can be read.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> RefusalAsync(EngineTestServer server, string query, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/engine.io/?" + query);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await server.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Counts the WebSocket requests the application's pipeline sees.</summary>
    private sealed class PipelineWebSockets
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Watch(WebApplication app) => app.Use((context, next) =>
        {
            if (context.WebSockets.IsWebSocketRequest || context.Request.Headers.Upgrade.Count > 0)
            {
                Interlocked.Increment(ref _count);
            }

            return next(context);
        });
    }
}
