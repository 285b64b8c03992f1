using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server.Auth;

/// <summary>Connection state recovery never skips authentication, and a session goes back only to its own user.</summary>
public sealed class RecoveryAuthenticationTests
{
    [Fact]
    public async Task Recovery_reruns_authentication_even_when_middlewares_are_skipped()
    {
        await using var server = await StartAsync();
        var (sid, pid, offset) = await DropAsync(server, "ada");

        await using var second = await RawSocketIoClient.ConnectAsync(server);
        await second.SendAsync($"40{{\"bad\":true,\"user\":\"ada\",\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}");
        (await second.ReceiveTextAsync()).Should().Be("44{\"message\":\"unauthorized\"}");

        // The refused attempt did not consume the session: its user still gets it back.
        await second.SendAsync($"40{{\"user\":\"ada\",\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}");
        (await second.ReceiveTextAsync()).Should().Be($"40{{\"sid\":\"{sid}\",\"pid\":\"{pid}\"}}");
        server.Io.Sockets.Sockets[sid].User.Identity!.Name.Should().Be("ada");
        server.Io.Sockets.Sockets[sid].Recovered.Should().BeTrue();
    }

    [Fact]
    public async Task A_recovery_id_presented_by_another_user_gets_a_fresh_session()
    {
        await using var server = await StartAsync();
        var (sid, pid, offset) = await DropAsync(server, "ada");

        await using var second = await RawSocketIoClient.ConnectAsync(server);
        await second.SendAsync($"40{{\"user\":\"mallory\",\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}");
        var reply = JsonDocument.Parse((await second.ReceiveTextAsync())[2..]).RootElement;

        reply.GetProperty("sid").GetString().Should().NotBe(sid);
        reply.GetProperty("pid").GetString().Should().NotBe(pid);
        server.Io.Sockets.Sockets.Values.Should().ContainSingle().Which.Recovered.Should().BeFalse();
    }

    [Fact]
    public async Task An_anonymous_client_cannot_take_over_an_authenticated_session()
    {
        await using var server = await StartAsync();
        var (sid, pid, offset) = await DropAsync(server, "ada");

        await using var second = await RawSocketIoClient.ConnectAsync(server);
        await second.SendAsync($"40{{\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}");

        JsonDocument.Parse((await second.ReceiveTextAsync())[2..]).RootElement.GetProperty("sid").GetString().Should().NotBe(sid);
    }

    private static Task<SocketIoTestServer> StartAsync() => SocketIoTestServer.StartAsync(
        configure: o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions(),
        configureServices: s => s.AddSingleton<IHandshakeAuthenticator>(DelegateAuthenticator.FromAuthPayload()));

    /// <summary>Connects as <paramref name="user"/>, receives one event (for an offset), and drops the connection.</summary>
    private static async Task<(string Sid, string Pid, string Offset)> DropAsync(SocketIoTestServer server, string user)
    {
        var first = await RawSocketIoClient.ConnectAsync(server);
        await first.SendAsync($"40{{\"user\":\"{user}\"}}");
        var reply = JsonDocument.Parse((await first.ReceiveTextAsync())[2..]).RootElement;
        await server.Io.EmitAsync("tick");
        var offset = JsonDocument.Parse((await first.ReceiveTextAsync())[2..]).RootElement[1].GetString()!;
        first.Abort();
        await Eventually.TrueAsync(() => server.Io.Sockets.Sockets.Count == 0);
        await first.DisposeAsync();
        return (reply.GetProperty("sid").GetString()!, reply.GetProperty("pid").GetString()!, offset);
    }
}
