using System.Net;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 12 (CVE-2023-31125, GHSA-gr94-w7qr-f4j3): names that are JavaScript prototype members, where the reference
/// once looked them up in plain objects. Transports and sessions are looked up in .NET dictionaries and switches, so
/// they are simply unknown; "no error" is null, never the error code 0.
/// </summary>
public class Row12PrototypeNamesTests : IAsyncLifetime
{
    private SocketIoTestServer _server = null!;
    private PingPongWitness _witness = null!;

    public async Task InitializeAsync()
    {
        _server = await SocketIoTestServer.StartAsync(configureEngine: ThreatHeartbeat.Fast);
        _witness = await PingPongWitness.OpenAsync(_server.BaseUri, "/socket.io/");
    }

    public async Task DisposeAsync()
    {
        await _witness.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("__proto__")]
    [InlineData("constructor")]
    [InlineData("toString")]
    [InlineData("hasOwnProperty")]
    [InlineData("")]
    public async Task Row_12_transport_named_after_a_prototype_member_gets_400_code_0_on_polling_and_websocket(string transport)
    {
        var polling = await _server.Http.GetAsync($"/socket.io/?EIO=4&transport={transport}");
        polling.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await polling.Content.ReadAsStringAsync()).Should().Be("{\"code\":0,\"message\":\"Transport unknown\"}");

        using var upgrade = await RawTcpConnection.ConnectAsync(_server.BaseUri);
        await upgrade.SendAsync(RawTcpConnection.UpgradeRequest(_server.BaseUri, $"/socket.io/?EIO=4&transport={transport}"));
        var (status, _) = await upgrade.ReadResponseHeadAsync();
        status.Should().Be(400);
        (await upgrade.ReadToEndAsync(TimeSpan.FromSeconds(10))).Should().NotBeNull("the refused upgrade is answered and closed");
        await _witness.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_12_sid_named___proto___is_an_unknown_session_on_polling_and_websocket()
    {
        var polling = await _server.Http.GetAsync("/socket.io/?EIO=4&transport=polling&sid=__proto__");
        polling.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await polling.Content.ReadAsStringAsync()).Should().Be("{\"code\":1,\"message\":\"Session ID unknown\"}");

        using var upgrade = await RawTcpConnection.ConnectAsync(_server.BaseUri);
        await upgrade.SendAsync(RawTcpConnection.UpgradeRequest(_server.BaseUri, "/socket.io/?EIO=4&transport=websocket&sid=__proto__"));
        (await upgrade.ReadResponseHeadAsync()).Status.Should().Be(400);
        await _witness.AssertAliveAsync();
    }

    [Theory]
    [InlineData("/__proto__")]
    [InlineData("/constructor")]
    [InlineData("/toString")]
    public async Task Row_12_namespace_named_after_a_prototype_member_gets_invalid_namespace_and_the_connection_stays(string nsp)
    {
        await using var client = await RawSocketIoClient.ConnectAsync(_server);

        await client.SendAsync("40" + nsp + ",");

        (await client.ReceiveTextAsync()).Should().Be("44" + nsp + ",{\"message\":\"Invalid namespace\"}");
        await client.JoinAsync();
        _server.Io.Sockets.Sockets.Should().HaveCount(1);
        await _witness.AssertAliveAsync();
    }
}
