using System.Net;
using System.Text;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>§6 row 3 (CVE-2020-36048): polling POST bodies over <c>maxHttpBufferSize</c> (default 1e6).</summary>
public class Row03OversizePollingBodyTests : EngineThreatTests
{
    private const int Limit = 1_000_000;

    [Fact]
    public async Task Row_03_post_of_max_http_buffer_size_plus_one_bytes_gets_413_and_closes_session()
    {
        var sid = await Server.HandshakeAsync();
        var body = "4" + new string('x', Limit);

        var response = await Server.Http.PostAsync(
            EngineTestServer.Url($"EIO=4&transport=polling&sid={sid}"), new StringContent(body, Encoding.UTF8, "text/plain"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await Server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        (await (await Server.PollAsync(sid)).Content.ReadAsStringAsync()).Should().Be("{\"code\":1,\"message\":\"Session ID unknown\"}");
        Server.Handler.Messages.Should().BeEmpty();
        await Witness.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_03_content_length_1e9_with_a_trickled_body_gets_413_before_the_body_is_read()
    {
        var sid = await Server.HandshakeAsync();
        using var attacker = await RawTcpConnection.ConnectAsync(Server.BaseUri);

        await attacker.SendAsync(
            $"POST /engine.io/?EIO=4&transport=polling&sid={sid} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n" +
            "Content-Length: 1000000000\r\n\r\n4abc");

        // Four bytes of the announced gigabyte were sent: the answer comes from the header alone.
        var (status, head) = await attacker.ReadResponseHeadAsync();
        status.Should().Be(413);
        head.Should().ContainEquivalentOf("Connection: close");
        (await Server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        await Witness.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_03_a_hundred_parallel_1e9_announcements_are_each_refused_and_the_server_keeps_serving()
    {
        var attacks = Enumerable.Range(0, 100).Select(async _ =>
        {
            var sid = await Server.HandshakeAsync();
            using var attacker = await RawTcpConnection.ConnectAsync(Server.BaseUri);
            await attacker.SendAsync(
                $"POST /engine.io/?EIO=4&transport=polling&sid={sid} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n" +
                "Content-Length: 1000000000\r\n\r\n4");
            var (status, _) = await attacker.ReadResponseHeadAsync();
            await Server.Handler.ClosedAsync(sid);
            return status;
        });

        (await Task.WhenAll(attacks)).Should().AllSatisfy(status => status.Should().Be(413));
        await Witness.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_03_chunked_body_without_length_is_cut_off_just_past_the_limit()
    {
        var sid = await Server.HandshakeAsync();
        var sent = 0L;
        using var content = new CountingStreamContent(totalBytes: 1_000_000_000, onRead: n => Interlocked.Add(ref sent, n));

        try
        {
            var response = await Server.Http.PostAsync(EngineTestServer.Url($"EIO=4&transport=polling&sid={sid}"), content);
            response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        }
        catch (HttpRequestException)
        {
            // HttpClient reads no response before its upload ends: the server answering 413 and closing mid-upload
            // surfaces as a broken pipe.
        }

        (await Server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        Interlocked.Read(ref sent).Should().BeLessThan(100_000_000, "the server stopped reading soon after the limit");
        Server.Handler.Messages.Should().BeEmpty();
        await Witness.AssertAliveAsync();
    }
}
