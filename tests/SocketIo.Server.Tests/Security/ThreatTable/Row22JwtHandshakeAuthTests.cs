using SocketIo.Server.Tests.JwtBearer;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 22 (P0), JWT handshake auth: <c>40{"token":&lt;expired&gt;}</c>, <c>alg:none</c>, wrong aud → a bare
/// <c>44{"message":"unauthorized"}</c>; valid → <c>40{"sid":...}</c>.
/// </summary>
public sealed class Row22JwtHandshakeAuthTests
{
    [Theory]
    [InlineData("expired")]
    [InlineData("alg:none")]
    [InlineData("wrong audience")]
    [InlineData("wrong signature")]
    public async Task Row_22_invalid_token_in_connect_auth_gets_bare_unauthorized_and_no_socket(string kind)
    {
        var token = kind switch
        {
            "expired" => TestJwt.Create("ada", expires: DateTime.UtcNow.AddHours(-1)),
            "alg:none" => TestJwt.Unsigned("ada"),
            "wrong audience" => TestJwt.Create("ada", audience: "another-api"),
            _ => TestJwt.Create("ada", key: TestJwt.OtherKey),
        };
        await using var server = await JwtTestServer.StartAsync();
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40" + TestJwt.Auth(token));

        (await client.ReceiveTextAsync()).Should().Be("44{\"message\":\"unauthorized\"}");
        server.Io.Sockets.Sockets.Should().BeEmpty();
    }

    [Fact]
    public async Task Row_22_valid_token_gets_connect_with_sid()
    {
        await using var server = await JwtTestServer.StartAsync();
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40" + TestJwt.Auth(TestJwt.Create("ada")));

        (await client.ReceiveTextAsync()).Should().MatchRegex("^40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}$");
        server.Io.Sockets.Sockets.Should().ContainSingle();
    }
}
