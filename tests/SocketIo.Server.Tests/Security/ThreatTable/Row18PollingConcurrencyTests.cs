using System.Net;
using SocketIo.Server.Engine;
using SocketIo.Server.Engine.Transports;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 18 (Engine.IO v4 suite, engine.io polling.ts): one GET and one POST at a time per session. A second of
/// either kind, or a GET the client gives up on, ends the session; later requests get
/// <c>400 {"code":1,"message":"Session ID unknown"}</c>.
/// </summary>
public class Row18PollingConcurrencyTests : IAsyncLifetime
{
    private const string UnknownSid = "{\"code\":1,\"message\":\"Session ID unknown\"}";
    private EngineTestServer _server = null!;
    private PingPongWitness _witness = null!;

    public async Task InitializeAsync()
    {
        _server = await EngineTestServer.StartAsync(o =>
        {
            ThreatHeartbeat.Fast(o);

            // A ping releases a held GET: the first comes 1.5 s after the handshake, long after this row's requests.
            o.PingInterval = TimeSpan.FromMilliseconds(1500);
        });
        _witness = await PingPongWitness.OpenAsync(_server.BaseUri, "/engine.io/");
    }

    public async Task DisposeAsync()
    {
        await _witness.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Row_18_second_concurrent_get_gets_400_and_closes_the_session()
    {
        var sid = await _server.HandshakeAsync();
        var first = _server.PollAsync(sid);
        await WaitUntilPollIsPendingAsync(sid);

        var second = await _server.PollAsync(sid);

        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await (await first).Content.ReadAsStringAsync()).Should().Be("1");
        await AssertSessionGoneAsync(sid);
    }

    [Fact]
    public async Task Row_18_second_concurrent_post_gets_400_and_closes_the_session()
    {
        var sid = await _server.HandshakeAsync();
        using var gate = new SemaphoreSlim(0);
        using var slowBody = new CountingStreamContent(totalBytes: 64 * 1024, onRead: _ => { }, gate);
        var first = _server.Http.PostAsync(EngineTestServer.Url($"EIO=4&transport=polling&sid={sid}"), slowBody);
        await slowBody.Started;

        var second = await _server.PostAsync(sid, "4second");

        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        slowBody.Release();
        slowBody.Release();
        slowBody.Release();
        slowBody.Release();
        try
        {
            await first;
        }
        catch (HttpRequestException)
        {
            // The session is gone; how the first upload ends does not matter.
        }

        await AssertSessionGoneAsync(sid);
    }

    [Fact]
    public async Task Row_18_get_aborted_by_the_client_closes_the_session()
    {
        var sid = await _server.HandshakeAsync();
        using var abort = new CancellationTokenSource();
        var poll = _server.PollAsync(sid, abort.Token);
        await WaitUntilPollIsPendingAsync(sid);

        await abort.CancelAsync();

        await poll.Invoking(p => p).Should().ThrowAsync<OperationCanceledException>();
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        await AssertSessionGoneAsync(sid);
    }

    private async Task AssertSessionGoneAsync(string sid)
    {
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        var next = await _server.PollAsync(sid);
        next.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await next.Content.ReadAsStringAsync()).Should().Be(UnknownSid);
        await _witness.AssertAliveAsync();
    }

    private Task WaitUntilPollIsPendingAsync(string sid) =>
        Eventually.TrueAsync(() => ((EngineSession)_server.Handler.Connections[sid]).Transport is PollingTransport { IsPollPending: true });
}
