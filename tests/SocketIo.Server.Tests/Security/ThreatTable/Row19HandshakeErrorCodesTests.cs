using System.Net;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>§6 row 19 (engine.io server.ts errors table): each refused handshake gets the reference's exact answer.</summary>
public class Row19HandshakeErrorCodesTests : EngineThreatTests
{

    [Fact]
    public async Task Row_19_post_handshake_gets_400_code_2()
    {
        var response = await Server.Http.PostAsync("/engine.io/?EIO=4&transport=polling", new StringContent("4x"));

        await AssertRefusedAsync(response, "{\"code\":2,\"message\":\"Bad handshake method\"}");
    }

    [Theory]
    [InlineData("transport=polling")]
    [InlineData("EIO=3&transport=polling")]
    public async Task Row_19_missing_EIO_or_EIO_3_with_EIO3_off_gets_400_code_5(string query)
    {
        var response = await Server.Http.GetAsync("/engine.io/?" + query);

        await AssertRefusedAsync(response, "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
    }

    [Fact]
    public async Task Row_19_websocket_transport_without_upgrade_gets_400_code_3()
    {
        var response = await Server.Http.GetAsync("/engine.io/?EIO=4&transport=websocket");

        await AssertRefusedAsync(response, "{\"code\":3,\"message\":\"Bad request\"}");
    }

    [Theory]
    [InlineData("https://app.example\u0001")]
    [InlineData("https://app.example\u007f")]
    public async Task Row_19_origin_with_characters_invalid_in_a_header_gets_400(string origin)
    {
        using var attacker = await RawTcpConnection.ConnectAsync(Server.BaseUri);

        await attacker.SendAsync($"GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n");

        // Kestrel may refuse the header itself before the request reaches the engine; either way it is a 400.
        var (status, _) = await attacker.ReadResponseHeadAsync();
        status.Should().Be(400);
        var body = await attacker.ReadToEndAsync(TimeSpan.FromSeconds(10));
        if (body is { Length: > 0 } && body[0] == (byte)'{')
        {
            System.Text.Encoding.ASCII.GetString(body).Should().Be("{\"code\":3,\"message\":\"Bad request\"}");
        }

        await Witness.AssertAliveAsync();
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string body)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be(body);
        Server.Handler.Connections.Should().ContainSingle("only the witness has a session");
        await Witness.AssertAliveAsync();
    }
}
