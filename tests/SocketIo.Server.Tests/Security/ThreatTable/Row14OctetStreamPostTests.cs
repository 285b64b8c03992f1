using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 14 (GHSA-r635-g3xr-vw7x): a polling POST typed <c>application/octet-stream</c> (binary payloads of the old
/// protocol) on a v4 session is answered 400 at once and closes the session; nothing is left holding a connection.
/// </summary>
public class Row14OctetStreamPostTests : EngineThreatTests
{
    private const int Attacks = 1000;

    [Fact]
    public async Task Row_14_a_thousand_octet_stream_posts_to_v4_sessions_each_get_400_within_1_s_and_close_their_session()
    {
        using var parallel = new SemaphoreSlim(16);
        var attacks = Enumerable.Range(0, Attacks).Select(async _ =>
        {
            await parallel.WaitAsync();
            try
            {
                var sid = await Server.HandshakeAsync();
                using var body = new ByteArrayContent([0x04, 0x01, 0x02, 0x03]);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                var clock = Stopwatch.StartNew();
                var response = await Server.Http.PostAsync(EngineTestServer.Url($"EIO=4&transport=polling&sid={sid}"), body);
                var elapsed = clock.Elapsed;
                return (sid, response.StatusCode, elapsed, await Server.Handler.ClosedAsync(sid));
            }
            finally
            {
                parallel.Release();
            }
        });

        var outcomes = await Task.WhenAll(attacks);

        outcomes.Should().AllSatisfy(o =>
        {
            o.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            o.elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
            o.Item4.Should().Be(EngineCloseReason.TransportError);
        });
        (await Server.PollAsync(outcomes[^1].sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // Back to the baseline: the witness is the only session the server still knows.
        var open = Server.Handler.Connections.Keys.Where(sid => !Server.Handler.ClosedAsync(sid).IsCompleted).ToList();
        open.Should().ContainSingle();
        Server.Handler.Messages.Should().BeEmpty();
        await Witness.AssertAliveAsync();
    }
}
