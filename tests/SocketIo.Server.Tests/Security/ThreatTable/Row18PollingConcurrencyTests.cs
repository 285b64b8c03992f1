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
public class Row18PollingConcurrencyTests : EngineThreatTests
{
    private const string UnknownSid = "{\"code\":1,\"message\":\"Session ID unknown\"}";

    protected override void ConfigureEngine(EngineOptions options)
    {
        ThreatHeartbeat.Fast(options);

        // A ping releases a held GET: the first comes 1.5 s after the handshake, long after this row's requests.
        options.PingInterval = TimeSpan.FromMilliseconds(1500);
    }

    [Fact]
    public async Task Row_18_second_concurrent_get_gets_400_and_closes_the_session()
    {
        var sid = await Server.HandshakeAsync();
        var first = Server.PollAsync(sid);
        await WaitUntilPollIsPendingAsync(sid);

        var second = await Server.PollAsync(sid);

        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await (await first).Content.ReadAsStringAsync()).Should().Be("1");
        await AssertSessionGoneAsync(sid);
    }

    [Fact]
    public async Task Row_18_second_concurrent_post_gets_400_and_closes_the_session()
    {
        var sid = await Server.HandshakeAsync();
        using var gate = new SemaphoreSlim(0);
        using var slowBody = new CountingStreamContent(totalBytes: 64 * 1024, onRead: _ => { }, gate);
        var first = Server.Http.PostAsync(EngineTestServer.Url($"EIO=4&transport=polling&sid={sid}"), slowBody);
        await slowBody.Started;

        var second = await Server.PostAsync(sid, "4second");

        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
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
        var sid = await Server.HandshakeAsync();
        using var abort = new CancellationTokenSource();
        var poll = Server.PollAsync(sid, abort.Token);
        await WaitUntilPollIsPendingAsync(sid);

        await abort.CancelAsync();

        await poll.Invoking(p => p).Should().ThrowAsync<OperationCanceledException>();
        (await Server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        await AssertSessionGoneAsync(sid);
    }

    private async Task AssertSessionGoneAsync(string sid)
    {
        (await Server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        var next = await Server.PollAsync(sid);
        next.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await next.Content.ReadAsStringAsync()).Should().Be(UnknownSid);
        await Witness.AssertAliveAsync();
    }

    private Task WaitUntilPollIsPendingAsync(string sid) =>
        Eventually.TrueAsync(() => ((EngineSession)Server.Handler.Connections[sid]).Transport is PollingTransport { IsPollPending: true });
}
