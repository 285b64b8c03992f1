using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine;

/// <summary>Every refusal of the reference server, with its status code and body.</summary>
public class RequestVerificationTests : IAsyncLifetime
{
    private EngineTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EngineTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task ShouldBeEngineError(HttpResponseMessage response, HttpStatusCode status, int code, string message)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Be(JsonSerializer.Serialize(new { code, message }));
    }

    [Theory]
    [InlineData("EIO=4")]
    [InlineData("EIO=4&transport=abc")]
    [InlineData("EIO=4&transport=webtransport")]
    public async Task Unknown_transport_is_code_0(string query) =>
        await ShouldBeEngineError(await _server.Http.GetAsync(EngineTestServer.Url(query)), HttpStatusCode.BadRequest, 0, "Transport unknown");

    [Fact]
    public async Task Unknown_sid_is_code_1() =>
        await ShouldBeEngineError(await _server.PollAsync("AAAAAAAAAAAAAAAAAAAA"), HttpStatusCode.BadRequest, 1, "Session ID unknown");

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("OPTIONS")]
    public async Task Handshake_other_than_GET_is_code_2(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), EngineTestServer.Url("EIO=4&transport=polling"));
        await ShouldBeEngineError(await _server.Http.SendAsync(request), HttpStatusCode.BadRequest, 2, "Bad handshake method");
    }

    [Fact]
    public async Task Websocket_handshake_without_upgrade_is_code_3() =>
        await ShouldBeEngineError(await _server.Http.GetAsync(EngineTestServer.Url("EIO=4&transport=websocket")), HttpStatusCode.BadRequest, 3, "Bad request");

    [Fact]
    public async Task Transport_mismatch_on_a_known_sid_is_code_3()
    {
        var sid = await _server.HandshakeAsync();
        await ShouldBeEngineError(
            await _server.Http.GetAsync(EngineTestServer.Url($"EIO=4&transport=websocket&sid={sid}")), HttpStatusCode.BadRequest, 3, "Bad request");
    }

    [Theory]
    [InlineData("")]
    [InlineData("&EIO=3")]
    [InlineData("&EIO=abc")]
    public async Task Protocol_other_than_4_is_code_5(string eio) =>
        await ShouldBeEngineError(
            await _server.Http.GetAsync(EngineTestServer.Url("transport=polling" + eio)), HttpStatusCode.BadRequest, 5, "Unsupported protocol version");

    [Fact]
    public async Task Other_methods_on_a_session_get_500()
    {
        var sid = await _server.HandshakeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, EngineTestServer.Url($"EIO=4&transport=polling&sid={sid}"));
        (await _server.Http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task Refused_websocket_handshake_gets_a_plain_400()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(_server.BaseUri) { Scheme = "ws", Path = "/engine.io/", Query = "EIO=3&transport=websocket" }.Uri;

        var connect = () => socket.ConnectAsync(uri, CancellationToken.None);

        await connect.Should().ThrowAsync<WebSocketException>();
        socket.HttpStatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Polling_responses_are_not_cached_and_typed()
    {
        var response = await _server.Http.GetAsync(EngineTestServer.Url("EIO=4&transport=polling"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=UTF-8");
        response.Content.Headers.ContentLength.Should().Be((await response.Content.ReadAsByteArrayAsync()).Length);
    }
}

public class RequestHookTests
{
    [Fact]
    public async Task AllowRequest_refusal_is_403_code_4_with_the_message()
    {
        await using var server = await EngineTestServer.StartAsync(o =>
            o.AllowRequest = ctx => ValueTask.FromResult(ctx.Request.Headers.ContainsKey("X-Ok") ? EngineRequestVerdict.Allow() : EngineRequestVerdict.Deny("no entry")));

        var refused = await server.Http.GetAsync(EngineTestServer.Url("EIO=4&transport=polling"));
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Be("{\"code\":4,\"message\":\"no entry\"}");

        using var request = new HttpRequestMessage(HttpMethod.Get, EngineTestServer.Url("EIO=4&transport=polling"));
        request.Headers.Add("X-Ok", "1");
        (await server.Http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AllowRequest_refusal_without_message_says_Forbidden()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.AllowRequest = _ => ValueTask.FromResult(EngineRequestVerdict.Deny()));

        var refused = await server.Http.GetAsync(EngineTestServer.Url("EIO=4&transport=polling"));
        (await refused.Content.ReadAsStringAsync()).Should().Be("{\"code\":4,\"message\":\"Forbidden\"}");
    }

    [Fact]
    public async Task Websocket_only_refuses_polling_and_offers_no_upgrade()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.Transports = EngineTransports.WebSocket);

        (await server.Http.GetAsync(EngineTestServer.Url("EIO=4&transport=polling"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var socket = await server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        var open = await socket.ReceiveTextAsync();
        open.Should().StartWith("0").And.Contain("\"upgrades\":[]");
    }

    [Fact]
    public async Task Polling_only_offers_no_upgrade_and_refuses_websocket()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.Transports = EngineTransports.Polling);

        (await server.Http.GetStringAsync(EngineTestServer.Url("EIO=4&transport=polling"))).Should().Contain("\"upgrades\":[]");
        var connect = () => server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        await connect.Should().ThrowAsync<WebSocketException>();
    }

    [Fact]
    public async Task Cookie_is_set_on_the_polling_handshake_only()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.Cookie = new EngineCookieOptions());

        var response = await server.Http.GetAsync(EngineTestServer.Url("EIO=4&transport=polling"));
        var sid = JsonDocument.Parse((await response.Content.ReadAsStringAsync())[1..]).RootElement.GetProperty("sid").GetString();
        response.Headers.GetValues("Set-Cookie").Should().ContainSingle().Which.Should().Be($"io={sid}; path=/; samesite=lax; httponly");

        await server.PostAsync(sid!, "4x");
        (await server.PollAsync(sid!)).Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    [Fact]
    public async Task Cors_comes_from_the_aspnetcore_pipeline()
    {
        await using var server = await EngineTestServer.StartAsync(
            configureServices: s => s.AddCors(),
            configureApp: (app, endpoint) =>
            {
                app.UseCors();
                endpoint.RequireCors(p => p.WithOrigins("https://app.example").AllowCredentials().AllowAnyHeader().AllowAnyMethod());
            });

        using var preflight = new HttpRequestMessage(HttpMethod.Options, EngineTestServer.Url("EIO=4&transport=polling"));
        preflight.Headers.Add("Origin", "https://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var answer = await server.Http.SendAsync(preflight);
        answer.StatusCode.Should().Be(HttpStatusCode.NoContent);
        answer.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://app.example");

        using var get = new HttpRequestMessage(HttpMethod.Get, EngineTestServer.Url("EIO=4&transport=polling"));
        get.Headers.Add("Origin", "https://app.example");
        var handshake = await server.Http.SendAsync(get);
        handshake.Headers.GetValues("Access-Control-Allow-Credentials").Should().Equal("true");

        using var foreign = new HttpRequestMessage(HttpMethod.Get, EngineTestServer.Url("EIO=4&transport=polling"));
        foreign.Headers.Add("Origin", "https://evil.example");
        (await server.Http.SendAsync(foreign)).Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task Without_cors_no_cors_headers_are_sent()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var get = new HttpRequestMessage(HttpMethod.Get, EngineTestServer.Url("EIO=4&transport=polling"));
        get.Headers.Add("Origin", "https://app.example");

        (await server.Http.SendAsync(get)).Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 1, 0)]
    [InlineData(1, 1, -5)]
    public async Task Invalid_options_fail_at_start_up(int pingIntervalMs, int pingTimeoutMs, int maxHttpBufferSize)
    {
        var start = () => EngineTestServer.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(pingIntervalMs);
            o.PingTimeout = TimeSpan.FromMilliseconds(pingTimeoutMs);
            o.MaxHttpBufferSize = maxHttpBufferSize;
        });

        await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>();
    }

    [Fact]
    public async Task No_transports_fails_at_start_up()
    {
        var start = () => EngineTestServer.StartAsync(o => o.Transports = EngineTransports.None);
        await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>();
    }
}
