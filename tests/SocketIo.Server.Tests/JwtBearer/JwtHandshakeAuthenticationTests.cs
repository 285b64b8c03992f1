using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SocketIo.Server.JwtBearer;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.JwtBearer;

public sealed class JwtHandshakeAuthenticationTests
{
    [Fact]
    public async Task A_valid_token_makes_its_claims_the_socket_user()
    {
        var joined = new TaskCompletionSource<Socket>();
        await using var server = await JwtTestServer.StartAsync(io => io.OnConnection(s => joined.TrySetResult(s)));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.JoinAsync("/", TestJwt.Auth(TestJwt.Create("ada", claims: [new Claim("role", "admin")])));

        var user = (await joined.Task.WaitAsync(TimeSpan.FromSeconds(10))).User;
        user.Identity!.IsAuthenticated.Should().BeTrue();
        user.FindFirst(ClaimTypes.NameIdentifier)!.Value.Should().Be("ada"); // the host's MapInboundClaims (default on)
        user.IsInRole("admin").Should().BeTrue();
    }

    [Fact]
    public async Task A_bearer_prefix_is_accepted()
    {
        await using var server = await JwtTestServer.StartAsync();
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.JoinAsync("/", TestJwt.Auth("Bearer " + TestJwt.Create("ada")));
    }

    [Theory]
    [InlineData("40")]
    [InlineData("40{}")]
    [InlineData("40{\"token\":\"\"}")]
    [InlineData("40{\"token\":null}")]
    [InlineData("40{\"token\":42}")]
    [InlineData("40{\"token\":\"not-a-jwt\"}")]
    public async Task A_missing_or_unusable_token_is_unauthorized_by_default(string connect)
    {
        await using var server = await JwtTestServer.StartAsync();
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync(connect);

        (await client.ReceiveTextAsync()).Should().Be("44{\"message\":\"unauthorized\"}");
    }

    [Fact]
    public async Task Without_require_token_a_missing_token_falls_back_to_the_http_user_but_a_bad_one_is_still_refused()
    {
        var joined = new TaskCompletionSource<Socket>();
        await using var server = await JwtTestServer.StartAsync(io => io.OnConnection(s => joined.TrySetResult(s)), jwt: o => o.RequireToken = false);
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40{\"token\":42}");
        (await client.ReceiveTextAsync()).Should().Be("44{\"message\":\"unauthorized\"}");
        await client.SendAsync("40{\"token\":\"" + TestJwt.Create("ada", key: TestJwt.OtherKey) + "\"}");
        (await client.ReceiveTextAsync()).Should().Be("44{\"message\":\"unauthorized\"}");

        await client.JoinAsync();
        (await joined.Task.WaitAsync(TimeSpan.FromSeconds(10))).User.Identity!.IsAuthenticated.Should().BeFalse();
    }

    [Fact]
    public async Task The_token_field_is_an_option()
    {
        await using var server = await JwtTestServer.StartAsync(jwt: o => o.TokenField = "accessToken");
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync(TestJwt.Auth(TestJwt.Create("ada")).Insert(0, "40"));
        (await client.ReceiveTextAsync()).Should().Be("44{\"message\":\"unauthorized\"}");

        await client.JoinAsync("/", "{\"accessToken\":\"" + TestJwt.Create("ada") + "\"}");
    }

    [Fact]
    public async Task The_hosts_token_handlers_apply()
    {
        var joined = new TaskCompletionSource<Socket>();
        await using var server = await JwtTestServer.StartAsync(
            io => io.OnConnection(s => joined.TrySetResult(s)),
            bearer: o => o.MapInboundClaims = false);
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.JoinAsync("/", TestJwt.Auth(TestJwt.Create("ada")));

        var user = (await joined.Task.WaitAsync(TimeSpan.FromSeconds(10))).User;
        user.FindFirst("sub")!.Value.Should().Be("ada");
        user.FindFirst(ClaimTypes.NameIdentifier).Should().BeNull();
    }

    [Fact]
    public async Task Signing_keys_and_issuer_from_the_hosts_openid_configuration_apply()
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = "https://oidc.test/" };
        configuration.SigningKeys.Add(TestJwt.OtherKey);
        await using var server = await JwtTestServer.StartAsync(bearer: o =>
        {
            o.TokenValidationParameters.IssuerSigningKey = null;
            o.TokenValidationParameters.ValidIssuer = null;
            o.Configuration = configuration;
        });
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40" + TestJwt.Auth(TestJwt.Create("ada")));
        (await client.ReceiveTextAsync()).Should().Be("44{\"message\":\"unauthorized\"}");

        await client.JoinAsync("/", TestJwt.Auth(CreateWithIssuer("https://oidc.test/", TestJwt.OtherKey)));
    }

    [Fact]
    public async Task A_configuration_manager_of_its_own_kind_adds_its_issuer_and_keys_to_the_hosts()
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = "https://oidc.test/" };
        configuration.SigningKeys.Add(TestJwt.OtherKey);
        var manager = new CountingConfigurationManager(configuration);
        await using var server = await JwtTestServer.StartAsync(bearer: o => o.ConfigurationManager = manager);
        await using var viaMetadata = await RawSocketIoClient.ConnectAsync(server);
        await using var viaParameters = await RawSocketIoClient.ConnectAsync(server);

        await viaMetadata.JoinAsync("/", TestJwt.Auth(CreateWithIssuer("https://oidc.test/", TestJwt.OtherKey)));
        await viaParameters.JoinAsync("/", TestJwt.Auth(TestJwt.Create("ada")));

        manager.Requests.Should().Be(2);
    }

    [Fact]
    public async Task The_scheme_is_an_option()
    {
        await using var server = await SocketIoTestServer.StartAsync(configureServices: services =>
        {
            services.AddAuthentication().AddJwtBearer("Sockets", o => o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TestJwt.Issuer,
                ValidAudience = "sockets-only",
                IssuerSigningKey = TestJwt.Key,
            });
            new SocketIo.Server.Hosting.SocketIoBuilder(services).AddJwtHandshakeAuthentication(o => o.Scheme = "Sockets");
        });
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40" + TestJwt.Auth(TestJwt.Create("ada")));
        (await client.ReceiveTextAsync()).Should().Be("44{\"message\":\"unauthorized\"}");

        await client.JoinAsync("/", TestJwt.Auth(TestJwt.Create("ada", audience: "sockets-only")));
    }

    [Fact]
    public async Task A_scheme_the_host_never_registered_fails_start_up()
    {
        var start = () => SocketIoTestServer.StartAsync(configureServices: services =>
            new SocketIo.Server.Hosting.SocketIoBuilder(services).AddJwtHandshakeAuthentication());

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*AddJwtBearer*");
    }

    [Fact]
    public async Task An_empty_token_field_fails_start_up()
    {
        var start = () => JwtTestServer.StartAsync(jwt: o => o.TokenField = string.Empty);

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage("*TokenField*");
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new JwtHandshakeAuthenticationOptions();

        options.Scheme.Should().Be(JwtBearerDefaults.AuthenticationScheme);
        options.TokenField.Should().Be("token");
        options.RequireToken.Should().BeTrue();
        options.DisconnectOnTokenExpiry.Should().BeTrue();
    }

    private static string CreateWithIssuer(string issuer, SecurityKey key) =>
        new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "ada")]),
            Issuer = issuer,
            Audience = TestJwt.Audience,
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

    /// <summary>A configuration manager that is not one of IdentityModel's, as a host may plug in.</summary>
    private sealed class CountingConfigurationManager(OpenIdConnectConfiguration configuration) : IConfigurationManager<OpenIdConnectConfiguration>
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
        {
            Interlocked.Increment(ref _requests);
            return Task.FromResult(configuration);
        }

        public void RequestRefresh()
        {
        }
    }
}
