using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server.Auth;

public sealed class NamespaceAuthorizationTests
{
    [Fact]
    public async Task Default_policy_refuses_the_unauthenticated_as_unauthorized_and_admits_any_authenticated_user()
    {
        await using var server = await StartAsync(io => io.Of("/chat").RequireAuthorization());
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40/chat,");
        (await client.ReceiveTextAsync()).Should().Be("44/chat,{\"message\":\"unauthorized\"}");
        server.Io.Of("/chat").Sockets.Should().BeEmpty();

        var sid = await client.JoinAsync("/chat", "{\"user\":\"ada\"}");
        server.Io.Of("/chat").Sockets[sid].User.Identity!.Name.Should().Be("ada");
    }

    [Fact]
    public async Task A_named_policy_forbids_an_authenticated_user_it_denies()
    {
        await using var server = await StartAsync(io => io.Of("/admin").RequireAuthorization("admins"));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40/admin,{\"user\":\"ada\"}");
        (await client.ReceiveTextAsync()).Should().Be("44/admin,{\"message\":\"forbidden\"}");

        await client.JoinAsync("/admin", "{\"user\":\"root\",\"roles\":[\"admin\"]}");
    }

    [Fact]
    public async Task Requirements_of_several_calls_must_all_pass()
    {
        await using var server = await StartAsync(io => io.Of("/ops").RequireAuthorization("admins").RequireAuthorization("operators"));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40/ops,{\"user\":\"root\",\"roles\":[\"admin\"]}");
        (await client.ReceiveTextAsync()).Should().Be("44/ops,{\"message\":\"forbidden\"}");

        await client.JoinAsync("/ops", "{\"user\":\"root\",\"roles\":[\"admin\",\"operator\"]}");
    }

    [Fact]
    public async Task A_dynamic_parents_requirement_applies_to_existing_and_new_children_with_the_connect_context_as_resource()
    {
        var parent = default(Namespace);
        await using var server = await StartAsync(io => parent = io.Of(new Regex("^/team-\\d+$", RegexOptions.None, TimeSpan.FromSeconds(1))));
        await using (var earlier = await RawSocketIoClient.ConnectAsync(server))
        {
            await earlier.JoinAsync("/team-1", "{\"user\":\"ada\"}"); // the child exists before the requirement
        }

        parent!.RequireAuthorization("team-member");
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40/team-1,{\"user\":\"bob\",\"roles\":[\"team-2\"]}");
        (await client.ReceiveTextAsync()).Should().Be("44/team-1,{\"message\":\"forbidden\"}");
        await client.SendAsync("40/team-3,{\"user\":\"bob\",\"roles\":[\"team-2\"]}");
        (await client.ReceiveTextAsync()).Should().Be("44/team-3,{\"message\":\"forbidden\"}");
        await client.SendAsync("40/team-2,");
        (await client.ReceiveTextAsync()).Should().Be("44/team-2,{\"message\":\"unauthorized\"}");

        await client.JoinAsync("/team-2", "{\"user\":\"bob\",\"roles\":[\"team-2\"]}");
    }

    [Fact]
    public async Task The_aspnetcore_user_of_the_opening_request_satisfies_the_policies_without_any_authenticator()
    {
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.Of("/chat").RequireAuthorization(),
            configureServices: s => s.AddAuthorization(),
            configureApp: app => app.Use((context, next) =>
            {
                context.User = DelegateAuthenticator.User("cookie-user");
                return next(context);
            }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        var sid = await client.JoinAsync("/chat");

        server.Io.Of("/chat").Sockets[sid].User.Identity!.Name.Should().Be("cookie-user");
    }

    [Fact]
    public async Task Requiring_authorization_without_the_authorization_services_fails_at_once()
    {
        await using var server = await SocketIoTestServer.StartAsync();

        var require = () => server.Io.Of("/chat").RequireAuthorization();

        require.Should().Throw<InvalidOperationException>().WithMessage("*AddAuthorization*");
    }

    [Fact]
    public async Task An_unknown_policy_refuses_with_a_generic_error_and_is_logged()
    {
        var logs = new CapturedLogs();
        await using var server = await StartAsync(io => io.Of("/x").RequireAuthorization("no-such-policy"), logs);
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40/x,{\"user\":\"ada\"}");

        (await client.ReceiveTextAsync()).Should().Be("44/x,{\"message\":\"Internal server error\"}");
        logs.AllText().Should().Contain("no-such-policy");
    }

    /// <summary>A server with the payload authenticator and the test policies.</summary>
    internal static Task<SocketIoTestServer> StartAsync(Action<SocketIoServer> configureIo, CapturedLogs? logs = null) =>
        SocketIoTestServer.StartAsync(configureIo, configureServices: services =>
        {
            logs?.AddTo(services);
            services.AddSingleton<IHandshakeAuthenticator>(DelegateAuthenticator.FromAuthPayload());
            services.AddAuthorization(o =>
            {
                o.AddPolicy("admins", p => p.RequireRole("admin"));
                o.AddPolicy("operators", p => p.RequireRole("operator"));
                o.AddPolicy("team-member", p => p.RequireAssertion(context =>
                    context.Resource is NamespaceConnectContext connect && context.User.IsInRole(connect.Namespace.Name.TrimStart('/'))));
            });
        });
}
