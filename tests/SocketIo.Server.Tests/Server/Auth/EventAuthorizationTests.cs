using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server.Auth;

/// <summary>Per-event authorization: a socket middleware asking <see cref="IAuthorizationService"/>, as the README shows.</summary>
public sealed class EventAuthorizationTests
{
    [Fact]
    public async Task A_socket_middleware_with_a_policy_drops_a_denied_event_and_answers_its_ack()
    {
        var banned = new List<string>();
        await using var server = await SocketIoTestServer.StartAsync(
            configureServices: s =>
            {
                s.AddSingleton<IHandshakeAuthenticator>(DelegateAuthenticator.FromAuthPayload());
                s.AddAuthorization(o => o.AddPolicy("admins", p => p.RequireRole("admin")));
            },
            configureApp: app =>
            {
                var authorization = app.Services.GetRequiredService<IAuthorizationService>();
                app.Services.GetRequiredService<SocketIoServer>().OnConnection(socket =>
                {
                    socket.Use(async (e, next) =>
                    {
                        if (e.EventName == "ban" && !(await authorization.AuthorizeAsync(socket.User, "admins")).Succeeded)
                        {
                            e.Ack.Send(new { error = "forbidden" });
                            return;
                        }

                        await next();
                    });
                    socket.On("ban", (string who) =>
                    {
                        lock (banned)
                        {
                            banned.Add(who);
                        }

                        return "banned " + who;
                    });
                    socket.On("hello", () => "hi");
                });
            });
        await using var user = await RawSocketIoClient.ConnectAsync(server);
        await using var admin = await RawSocketIoClient.ConnectAsync(server);
        await user.JoinAsync("/", "{\"user\":\"ada\"}");
        await admin.JoinAsync("/", "{\"user\":\"root\",\"roles\":[\"admin\"]}");

        await user.SendAsync("421[\"ban\",\"bob\"]");
        (await user.ReceiveTextAsync()).Should().Be("431[{\"error\":\"forbidden\"}]");
        await user.SendAsync("422[\"hello\"]");
        (await user.ReceiveTextAsync()).Should().Be("432[\"hi\"]");
        await admin.SendAsync("421[\"ban\",\"bob\"]");
        (await admin.ReceiveTextAsync()).Should().Be("431[\"banned bob\"]");

        banned.Should().Equal("bob");
    }
}
