using System.Net;
using System.Text;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 20 (engine.io verify(), GHSA-gr94-w7qr-f4j3): <c>AllowRequest</c> runs for the handshake of every
/// transport; its refusal is <c>403 {"code":4,...}</c> on polling and a plain 400 with the message on WebSocket.
/// </summary>
public class Row20AllowRequestRejectionTests : IAsyncLifetime
{
    private EngineTestServer _server = null!;
    private PingPongWitness _witness = null!;
    private int _calls;

    public async Task InitializeAsync()
    {
        _server = await EngineTestServer.StartAsync(o =>
        {
            ThreatHeartbeat.Fast(o);
            o.AllowRequest = context =>
            {
                Interlocked.Increment(ref _calls);
                return ValueTask.FromResult(context.Request.Headers.ContainsKey("X-Witness") ? EngineRequestVerdict.Allow() : EngineRequestVerdict.Deny("nope"));
            };
        });
        _witness = await PingPongWitness.OpenAsync(_server.BaseUri, "/engine.io/", o => o.SetRequestHeader("X-Witness", "1"));
    }

    public async Task DisposeAsync()
    {
        await _witness.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Row_20_refused_polling_handshake_gets_403_code_4_with_the_message()
    {
        var before = Volatile.Read(ref _calls);

        var response = await _server.Http.GetAsync("/engine.io/?EIO=4&transport=polling");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Be("{\"code\":4,\"message\":\"nope\"}");
        Volatile.Read(ref _calls).Should().Be(before + 1);
        _server.Handler.Connections.Should().ContainSingle("only the witness has a session");
        await _witness.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_20_refused_websocket_handshake_gets_400_with_the_message_and_is_closed()
    {
        var before = Volatile.Read(ref _calls);
        using var attacker = await RawTcpConnection.ConnectAsync(_server.BaseUri);

        await attacker.SendAsync(RawTcpConnection.UpgradeRequest(_server.BaseUri, "/engine.io/?EIO=4&transport=websocket"));

        var (status, head) = await attacker.ReadResponseHeadAsync();
        status.Should().Be(400);
        head.Should().ContainEquivalentOf("Connection: close");
        var body = await attacker.ReadToEndAsync(TimeSpan.FromSeconds(10));
        body.Should().NotBeNull("the server closes the refused connection");
        Encoding.UTF8.GetString(body!).Should().Contain("nope", "the body (chunked) carries the message");
        Volatile.Read(ref _calls).Should().Be(before + 1);
        _server.Handler.Connections.Should().ContainSingle("only the witness has a session");
        await _witness.AssertAliveAsync();
    }
}
