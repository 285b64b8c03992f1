using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server.Auth;

public sealed class HandshakeAuthenticatorTests
{
    [Fact]
    public async Task Success_makes_the_principal_the_socket_user_and_keeps_the_http_user_on_the_handshake()
    {
        var joined = new TaskCompletionSource<Socket>();
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.OnConnection(s => joined.TrySetResult(s)),
            configureServices: s => s.AddSingleton<IHandshakeAuthenticator>(DelegateAuthenticator.FromAuthPayload()));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        var sid = await client.JoinAsync("/", "{\"user\":\"ada\"}");

        var socket = await joined.Task.WaitAsync(TimeSpan.FromSeconds(10));
        socket.Id.Should().Be(sid);
        socket.User.Identity!.Name.Should().Be("ada");
        socket.User.Identity.IsAuthenticated.Should().BeTrue();
        (socket.Handshake.User?.Identity?.IsAuthenticated ?? false).Should().BeFalse();
    }

    [Fact]
    public async Task Failure_refuses_with_a_bare_unauthorized_creates_no_socket_and_keeps_the_connection()
    {
        var middlewareRan = false;
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.Use((_, _) =>
            {
                middlewareRan = true;
                return ValueTask.CompletedTask;
            }),
            configureServices: s => s.AddSingleton<IHandshakeAuthenticator>(DelegateAuthenticator.FromAuthPayload()));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40{\"bad\":true,\"user\":\"ada\"}");

        (await client.ReceiveTextAsync()).Should().Be("44{\"message\":\"unauthorized\"}");
        server.Io.Sockets.Sockets.Should().BeEmpty();
        middlewareRan.Should().BeFalse();
        (await client.JoinAsync("/", "{\"user\":\"ada\"}")).Should().HaveLength(20);
    }

    [Fact]
    public async Task No_result_falls_back_to_the_aspnetcore_user_of_the_opening_request()
    {
        var joined = new TaskCompletionSource<Socket>();
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.OnConnection(s => joined.TrySetResult(s)),
            configureServices: s => s.AddSingleton<IHandshakeAuthenticator>(DelegateAuthenticator.FromAuthPayload()),
            configureApp: app => app.Use((context, next) =>
            {
                context.User = DelegateAuthenticator.User("http-user");
                return next(context);
            }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.JoinAsync();

        var socket = await joined.Task.WaitAsync(TimeSpan.FromSeconds(10));
        socket.User.Identity!.Name.Should().Be("http-user");
    }

    [Fact]
    public async Task Authenticators_run_in_registration_order_and_the_first_decision_wins()
    {
        var calls = new List<string>();
        var joined = new TaskCompletionSource<Socket>();
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.OnConnection(s => joined.TrySetResult(s)),
            configureServices: s => s
                .AddSingleton<IHandshakeAuthenticator>(new DelegateAuthenticator(_ =>
                {
                    calls.Add("first");
                    return HandshakeAuthenticationResult.NoResult;
                }))
                .AddSingleton<IHandshakeAuthenticator>(new DelegateAuthenticator(_ =>
                {
                    calls.Add("second");
                    return HandshakeAuthenticationResult.Success(DelegateAuthenticator.User("second"));
                }))
                .AddSingleton<IHandshakeAuthenticator>(new DelegateAuthenticator(_ =>
                {
                    calls.Add("third");
                    return HandshakeAuthenticationResult.Fail();
                })));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.JoinAsync();

        (await joined.Task.WaitAsync(TimeSpan.FromSeconds(10))).User.Identity!.Name.Should().Be("second");
        calls.Should().Equal("first", "second");
    }

    [Fact]
    public async Task An_authenticator_that_throws_refuses_as_unauthorized_and_only_its_exception_type_is_logged()
    {
        var logs = new CapturedLogs();
        await using var server = await SocketIoTestServer.StartAsync(configureServices: s =>
        {
            logs.AddTo(s);
            s.AddSingleton<IHandshakeAuthenticator>(new DelegateAuthenticator(_ => throw new FormatException("cannot parse token s3cr3t-t0ken")));
        });
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40{\"token\":\"s3cr3t-t0ken\"}");

        (await client.ReceiveTextAsync()).Should().Be("44{\"message\":\"unauthorized\"}");
        logs.AllText().Should().Contain("System.FormatException").And.NotContain("s3cr3t-t0ken");
    }

    [Fact]
    public async Task Authentication_runs_before_the_middlewares_which_see_the_user()
    {
        var seen = new TaskCompletionSource<string?>();
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.Use((socket, _) =>
            {
                seen.TrySetResult(socket.User.Identity?.Name);
                return ValueTask.CompletedTask;
            }),
            configureServices: s => s.AddSingleton<IHandshakeAuthenticator>(DelegateAuthenticator.FromAuthPayload()));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.JoinAsync("/", "{\"user\":\"ada\"}");

        (await seen.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("ada");
    }

    [Fact]
    public async Task Dynamic_children_are_authenticated_with_their_own_namespace_in_the_context()
    {
        var namespaces = new List<string>();
        var joined = new TaskCompletionSource<Socket>();
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.Of(new Regex("^/dyn-\\d+$", RegexOptions.None, TimeSpan.FromSeconds(1))).OnConnection(s => joined.TrySetResult(s)),
            configureServices: s => s.AddSingleton<IHandshakeAuthenticator>(new DelegateAuthenticator(context =>
            {
                lock (namespaces)
                {
                    namespaces.Add(context.Namespace.Name + (context.Namespace.Parent is null ? string.Empty : " (child)"));
                }

                return DelegateAuthenticator.DecideFromAuthPayload(context);
            })));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40/dyn-1,{\"bad\":true}");
        (await client.ReceiveTextAsync()).Should().Be("44/dyn-1,{\"message\":\"unauthorized\"}");
        await client.JoinAsync("/dyn-1", "{\"user\":\"ada\"}");

        (await joined.Task.WaitAsync(TimeSpan.FromSeconds(10))).User.Identity!.Name.Should().Be("ada");
        namespaces.Should().Equal("/dyn-1 (child)", "/dyn-1 (child)");
    }

    [Fact]
    public async Task Scoped_authenticators_get_a_fresh_scope_per_connect()
    {
        var instances = new HashSet<ScopedAuthenticator>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.Of("/other"), configureServices: s =>
        {
            s.AddSingleton(instances);
            s.AddScoped<IHandshakeAuthenticator, ScopedAuthenticator>();
        });
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.JoinAsync();
        await client.JoinAsync("/other");

        instances.Should().HaveCount(2);
        instances.Should().OnlyContain(a => a.Disposed);
    }

    [Fact]
    public async Task A_socket_whose_authentication_expires_is_disconnected_then_and_not_before()
    {
        var time = new ManualTimeProvider();
        var reasons = new TaskCompletionSource<string>();
        var connected = new TaskCompletionSource();
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.OnConnection(socket =>
            {
                socket.On("disconnect", (string reason) => reasons.TrySetResult(reason));
                connected.TrySetResult();
            }),
            configureEngine: e => e.PingInterval = TimeSpan.FromHours(1),
            time: time,
            configureServices: s => s.AddSingleton<IHandshakeAuthenticator>(new DelegateAuthenticator(_ =>
                HandshakeAuthenticationResult.Success(DelegateAuthenticator.User("ada"), time.GetUtcNow().AddMinutes(5)))));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        var sid = await client.JoinAsync();
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the expiry timer is armed by then

        time.Advance(TimeSpan.FromMinutes(4));
        server.Io.Sockets.Sockets.Should().ContainKey(sid);
        time.Advance(TimeSpan.FromMinutes(1));

        (await client.ReceiveTextAsync()).Should().Be("41");
        (await reasons.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(DisconnectReason.ServerNamespaceDisconnect);
        server.Io.Sockets.Sockets.Should().BeEmpty();
    }

    private sealed class ScopedAuthenticator : IHandshakeAuthenticator, IDisposable
    {
        public ScopedAuthenticator(HashSet<ScopedAuthenticator> instances)
        {
            lock (instances)
            {
                instances.Add(this);
            }
        }

        public bool Disposed { get; private set; }

        public ValueTask<HandshakeAuthenticationResult> AuthenticateAsync(NamespaceConnectContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(HandshakeAuthenticationResult.NoResult);

        public void Dispose() => Disposed = true;
    }
}
