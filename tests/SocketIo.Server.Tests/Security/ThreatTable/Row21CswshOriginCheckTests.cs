using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 21 (P0), cross-site WebSocket hijacking: a foreign page opens a WebSocket (or polls) with the user's
/// cookies. CORS does not stop the WebSocket; the origin check does, on every transport, before any session exists.
/// </summary>
public class Row21CswshOriginCheckTests
{
    private const string Evil = "https://evil.example";
    private const string Handshake = "EIO=4&transport=polling";

    [Fact]
    public async Task Row_21_websocket_upgrade_from_a_foreign_origin_with_a_cookie_gets_400_and_no_session()
    {
        await using var server = await StartAsync(o => o.Cookie = new EngineCookieOptions());
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", Evil);
        socket.Options.SetRequestHeader("Cookie", "io=AAAAAAAAAAAAAAAAAAAA; session=victim");

        var connect = () => socket.ConnectAsync(WebSocketUri(server, "EIO=4&transport=websocket"), CancellationToken.None);

        await connect.Should().ThrowAsync<WebSocketException>();
        socket.HttpStatusCode.Should().Be(HttpStatusCode.BadRequest);
        server.Handler.Connections.Should().BeEmpty();
    }

    [Fact]
    public async Task Row_21_polling_handshake_from_a_foreign_origin_with_a_cookie_gets_403_code_4_and_no_session()
    {
        await using var server = await StartAsync(o => o.Cookie = new EngineCookieOptions());

        var response = await SendAsync(server, Handshake, Evil, cookie: "session=victim");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Be("{\"code\":4,\"message\":\"Origin not allowed\"}");
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
        server.Handler.Connections.Should().BeEmpty();
    }

    [Fact]
    public async Task Row_21_foreign_origin_using_a_known_sid_is_refused_on_polling_and_upgrade()
    {
        await using var server = await StartAsync();
        var sid = await server.HandshakeAsync();

        (await SendAsync(server, $"EIO=4&transport=polling&sid={sid}", Evil)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", Evil);
        var upgrade = () => socket.ConnectAsync(WebSocketUri(server, $"EIO=4&transport=websocket&sid={sid}"), CancellationToken.None);
        await upgrade.Should().ThrowAsync<WebSocketException>();
        socket.HttpStatusCode.Should().Be(HttpStatusCode.BadRequest);
        server.Handler.Connections[sid].TransportName.Should().Be("polling");
    }

    [Fact]
    public async Task Row_21_listed_origin_is_accepted_on_polling_and_websocket()
    {
        await using var server = await StartAsync(o => o.AllowedOrigins.Add("https://app.example.com"));

        (await SendAsync(server, Handshake, "https://app.example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await SendAsync(server, Handshake, "https://APP.example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await SendAsync(server, Handshake, "https://app.example.com:8443")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await SendAsync(server, Handshake, "http://app.example.com")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var socket = await ConnectWebSocketAsync(server, "https://app.example.com");
        (await socket.ReceiveTextAsync()).Should().StartWith("0{");
    }

    [Fact]
    public async Task Row_21_same_origin_is_accepted_and_a_lookalike_host_is_not()
    {
        await using var server = await StartAsync();
        var self = $"http://{server.BaseUri.Authority}";

        (await SendAsync(server, Handshake, self)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await SendAsync(server, Handshake, $"http://{server.BaseUri.Host}.evil.example:{server.BaseUri.Port}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await SendAsync(server, Handshake, $"http://{server.BaseUri.Host}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var socket = await ConnectWebSocketAsync(server, self);
        (await socket.ReceiveTextAsync()).Should().StartWith("0{");
    }

    [Fact]
    public async Task Row_21_missing_origin_is_accepted_by_default_and_refused_when_configured()
    {
        await using (var lenient = await StartAsync())
        {
            (await SendAsync(lenient, Handshake, origin: null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await using var strict = await StartAsync(o => o.AllowRequestsWithoutOrigin = false);
        var refused = await SendAsync(strict, Handshake, origin: null);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Be("{\"code\":4,\"message\":\"Origin not allowed\"}");
        using var socket = new ClientWebSocket();
        var connect = () => socket.ConnectAsync(WebSocketUri(strict, "EIO=4&transport=websocket"), CancellationToken.None);
        await connect.Should().ThrowAsync<WebSocketException>();
        (await SendAsync(strict, Handshake, $"http://{strict.BaseUri.Authority}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Row_21_origin_allowed_by_the_endpoint_cors_policy_is_accepted()
    {
        await using var server = await EngineTestServer.StartAsync(
            configureServices: services => services.AddCors(),
            configureApp: (app, endpoint) =>
            {
                app.UseCors();
                endpoint.RequireCors(policy => policy.WithOrigins("https://cors.example").AllowCredentials());
            });

        var allowed = await SendAsync(server, Handshake, "https://cors.example");
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://cors.example");
        (await SendAsync(server, Handshake, Evil)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var socket = await ConnectWebSocketAsync(server, "https://cors.example");
        (await socket.ReceiveTextAsync()).Should().StartWith("0{");
    }

    [Fact]
    public async Task Row_21_origin_allowed_by_the_default_cors_policy_is_accepted()
    {
        await using var server = await EngineTestServer.StartAsync(
            configureServices: services => services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins("https://default.example"))),
            configureApp: (app, _) => app.UseCors());

        (await SendAsync(server, Handshake, "https://default.example")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await SendAsync(server, Handshake, Evil)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Row_21_a_null_origin_is_refused_even_when_the_cors_policy_allows_any_origin()
    {
        await using var server = await EngineTestServer.StartAsync(
            configureServices: services => services.AddCors(),
            configureApp: (app, endpoint) =>
            {
                app.UseCors();
                endpoint.RequireCors(policy => policy.AllowAnyOrigin());
            });

        (await SendAsync(server, Handshake, Evil)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await SendAsync(server, Handshake, "null")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Row_21_allow_any_origin_turns_the_check_off()
    {
        await using var server = await StartAsync(o => o.AllowAnyOrigin = true);

        (await SendAsync(server, Handshake, Evil)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var socket = await ConnectWebSocketAsync(server, Evil);
        (await socket.ReceiveTextAsync()).Should().StartWith("0{");
    }

    [Fact]
    public async Task Row_21_several_origin_headers_are_refused()
    {
        await using var server = await StartAsync(o => o.AllowedOrigins.Add("https://app.example.com"));
        using var request = new HttpRequestMessage(HttpMethod.Get, EngineTestServer.Url(Handshake));
        request.Headers.TryAddWithoutValidation("Origin", ["https://app.example.com", Evil]).Should().BeTrue();

        (await server.Http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static Task<EngineTestServer> StartAsync(Action<EngineOptions>? configure = null) => EngineTestServer.StartAsync(configure);

    private static async Task<HttpResponseMessage> SendAsync(EngineTestServer server, string query, string? origin, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EngineTestServer.Url(query));
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await server.Http.SendAsync(request);
    }

    private static Uri WebSocketUri(EngineTestServer server, string query) =>
        new UriBuilder(server.BaseUri) { Scheme = "ws", Path = "/engine.io/", Query = query }.Uri;

    private static async Task<ClientWebSocket> ConnectWebSocketAsync(EngineTestServer server, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        await socket.ConnectAsync(WebSocketUri(server, "EIO=4&transport=websocket"), CancellationToken.None);
        return socket;
    }
}
