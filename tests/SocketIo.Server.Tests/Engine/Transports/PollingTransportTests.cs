using System.Net;
using System.Text;
using SocketIo.Server.Engine;
using SocketIo.Server.Engine.Transports;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine.Transports;

public class PollingTransportTests : IAsyncLifetime
{
    private EngineTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EngineTestServer.StartAsync(o => o.MaxHttpBufferSize = 1000);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> PollTextAsync(string sid)
    {
        var response = await _server.PollAsync(sid);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Post_answers_ok_and_the_next_poll_carries_the_echo()
    {
        var sid = await _server.HandshakeAsync();

        var post = await _server.PostAsync(sid, "4hello");
        post.StatusCode.Should().Be(HttpStatusCode.OK);
        post.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await post.Content.ReadAsStringAsync()).Should().Be("ok");

        (await PollTextAsync(sid)).Should().Be("4hello");
    }

    [Fact]
    public async Task Several_packets_and_binary_records_echo_in_one_payload()
    {
        var sid = await _server.HandshakeAsync();

        await _server.PostAsync(sid, "4test1\u001e4test2\u001ebAQIDBA==");

        (await PollTextAsync(sid)).Should().Be("4test1\u001e4test2\u001ebAQIDBA==");
        _server.Handler.Messages.Select(m => m.IsBinary).Should().Equal(false, false, true);
    }

    [Fact]
    public async Task A_pending_poll_is_answered_as_soon_as_a_message_is_sent()
    {
        var sid = await _server.HandshakeAsync();
        var poll = _server.PollAsync(sid);

        await _server.PostAsync(sid, "4late");

        (await (await poll).Content.ReadAsStringAsync()).Should().Be("4late");
    }

    [Fact]
    public async Task Invalid_packet_closes_the_session_with_parse_error()
    {
        var sid = await _server.HandshakeAsync();

        await _server.PostAsync(sid, "abc");

        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.ParseError);
        (await _server.PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Overlapping_polls_close_the_session_and_the_first_poll_gets_close()
    {
        var sid = await _server.HandshakeAsync();
        var first = _server.PollAsync(sid);
        await WaitUntilPollIsPendingAsync(sid);

        var second = await _server.PollAsync(sid);

        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await (await first).Content.ReadAsStringAsync()).Should().Be("1");
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        (await _server.PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Client_close_packet_releases_the_pending_poll_with_noop()
    {
        var sid = await _server.HandshakeAsync();
        var poll = _server.PollAsync(sid);
        await WaitUntilPollIsPendingAsync(sid);

        (await _server.PostAsync(sid, "1")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await (await poll).Content.ReadAsStringAsync()).Should().Be("6");
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportClose);
        (await _server.PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Server_close_flushes_queued_packets_then_sends_close_on_the_next_poll()
    {
        var sid = await _server.HandshakeAsync();
        await _server.PostAsync(sid, "4bye");
        var connection = _server.Handler.Connections[sid];

        connection.Close();

        // Not in one payload: socket.io-client would handle the messages only after the close.
        (await PollTextAsync(sid)).Should().Be("4bye");
        _server.Handler.ClosedAsync(sid).IsCompleted.Should().BeFalse();
        (await PollTextAsync(sid)).Should().Be("6\u001e1");
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.ForcedClose);
        connection.Send(EngineMessage.Text("after")).Should().BeFalse();
        connection.ConnectionClosed.IsCancellationRequested.Should().BeTrue();
    }

    [Fact]
    public async Task Octet_stream_post_is_refused_and_closes_the_session()
    {
        var sid = await _server.HandshakeAsync();
        using var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new("application/octet-stream");

        var response = await _server.Http.PostAsync(EngineTestServer.Url($"EIO=4&transport=polling&sid={sid}"), content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
    }

    [Fact]
    public async Task Post_over_maxHttpBufferSize_with_content_length_gets_413()
    {
        var sid = await _server.HandshakeAsync();

        var response = await _server.PostAsync(sid, "4" + new string('x', 1000));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        _server.Handler.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task Chunked_post_over_maxHttpBufferSize_gets_413_without_being_read_whole()
    {
        var sid = await _server.HandshakeAsync();
        var sent = 0L;
        using var content = new CountingStreamContent(totalBytes: 50_000_000, onRead: n => Interlocked.Add(ref sent, n));

        try
        {
            var response = await _server.Http.PostAsync(EngineTestServer.Url($"EIO=4&transport=polling&sid={sid}"), content);
            response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        }
        catch (HttpRequestException)
        {
            // HttpClient does not read a response before it finished sending; the server answering 413 and closing
            // mid-upload surfaces as a broken pipe. Either way the server stopped reading early.
        }

        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        Interlocked.Read(ref sent).Should().BeLessThan(50_000_000);
        _server.Handler.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task Post_exactly_at_maxHttpBufferSize_is_accepted()
    {
        var sid = await _server.HandshakeAsync();

        var response = await _server.PostAsync(sid, "4" + new string('x', 999));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Overlapping_posts_close_the_session()
    {
        var sid = await _server.HandshakeAsync();
        using var slow = new CountingStreamContent(totalBytes: 500, onRead: _ => { }, gate: new SemaphoreSlim(0));
        var first = _server.Http.PostAsync(EngineTestServer.Url($"EIO=4&transport=polling&sid={sid}"), slow);
        await slow.Started.WaitAsync(TimeSpan.FromSeconds(10));

        var second = await _server.PostAsync(sid, "4x");

        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        slow.Release();
        await first.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Utf8_text_round_trips_byte_for_byte()
    {
        var sid = await _server.HandshakeAsync();
        const string text = "4héllo € 😀 مرحبا \"quoted\" <tag>";

        await _server.PostAsync(sid, text);

        var response = await _server.PollAsync(sid);
        Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).Should().Be(text);
    }

    // The client cannot observe that its GET reached the server, so the test watches the server's state.
    private Task WaitUntilPollIsPendingAsync(string sid) =>
        Eventually.TrueAsync(() => ((EngineSession)_server.Handler.Connections[sid]).Transport is PollingTransport { IsPollPending: true });
}
