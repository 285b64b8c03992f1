using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine.Transports;

public class PollingBackPressureTests : IAsyncLifetime
{
    private const int Limit = 100_000;
    private static readonly EngineMessage Chunk = EngineMessage.Text(new string('x', 10_000));

    private EngineTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EngineTestServer.StartAsync(
        o => o.MaxBufferedBytes = Limit,
        handler: new RecordingHandler { Echo = false });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_client_that_never_polls_again_is_closed_as_a_slow_consumer_once_over_the_limit()
    {
        var sid = await _server.HandshakeAsync();
        var session = (EngineSession)_server.Handler.Connections[sid];

        var accepted = 0;
        while (session.Send(Chunk))
        {
            accepted++;
            accepted.Should().BeLessThan(1_000);
        }

        // Queued while under the limit: the last one accepted takes it over by less than one message.
        accepted.Should().Be((Limit / Chunk.Length) + 1);
        session.Outbound.PeakBufferedBytes.Should().BeInRange(Limit, Limit + Chunk.Length);
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.SlowConsumer);
        session.Outbound.BufferedBytes.Should().Be(0);
        (await _server.PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the session is gone");
    }

    [Fact]
    public async Task What_waits_for_the_next_get_is_delivered_and_released_when_the_client_polls()
    {
        var sid = await _server.HandshakeAsync();
        var session = (EngineSession)_server.Handler.Connections[sid];

        for (var i = 0; i < Limit / Chunk.Length; i++)
        {
            session.Send(Chunk).Should().BeTrue();
        }

        session.Outbound.BufferedBytes.Should().Be((Limit / Chunk.Length) * (long)Chunk.Length);
        var poll = await _server.PollAsync(sid);
        poll.EnsureSuccessStatusCode();
        (await poll.Content.ReadAsStringAsync()).Length.Should().Be(((Limit / Chunk.Length) * (Chunk.Length + 1)) - 1);
        await Eventually.TrueAsync(() => session.Outbound.BufferedBytes == 0);
        session.Send(Chunk).Should().BeTrue();
    }

    [Fact]
    public async Task A_get_whose_response_is_never_read_is_aborted_when_the_session_overflows()
    {
        const int BigLimit = 4 * Limit;
        await using var server = await EngineTestServer.StartAsync(
            o => o.MaxBufferedBytes = BigLimit,
            handler: new RecordingHandler { Echo = false },
            configureServices: services =>
            {
                SmallSendBuffers.Configure(services);

                // Without a minimum response rate only the server's own abort can end the stuck GET.
                services.Configure<KestrelServerOptions>(o => o.Limits.MinResponseDataRate = null);
            });
        var sid = await server.HandshakeAsync();
        var session = (EngineSession)server.Handler.Connections[sid];

        // One response far larger than what Kestrel's output buffer and the kernel take: its flush blocks.
        for (var i = 0; i < 3 * Limit / Chunk.Length; i++)
        {
            session.Send(Chunk).Should().BeTrue();
        }

        using var stuck = new System.Net.Sockets.Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stuck.ConnectAsync(server.BaseUri.Host, server.BaseUri.Port);
        await stuck.SendAsync(Encoding.ASCII.GetBytes(
            $"GET {EngineTestServer.Url($"EIO=4&transport=polling&sid={sid}")} HTTP/1.1\r\nHost: {server.BaseUri.Authority}\r\n\r\n"));

        // The GET stays pending while its flush is blocked.
        await Eventually.TrueAsync(() => session.IsWritable);

        using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(2)))
        {
            for (var sent = 0; session.Send(Chunk); sent++)
            {
                sent.Should().BeLessThan(1_000);
                await pace.WaitForNextTickAsync();
            }
        }

        (await server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.SlowConsumer);
        session.Outbound.PeakBufferedBytes.Should().BeLessThanOrEqualTo(BigLimit + Chunk.Length);
        await ReadUntilClosedAsync(stuck).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Volatile_packets_wait_for_no_one_and_a_pending_poll_takes_one()
    {
        var sid = await _server.HandshakeAsync();
        var session = (EngineSession)_server.Handler.Connections[sid];

        session.SendVolatile([Chunk]).Should().BeFalse("no GET is waiting");
        var poll = _server.PollAsync(sid);
        await Eventually.TrueAsync(() => session.IsWritable);
        session.SendVolatile([Chunk]).Should().BeTrue();

        (await (await poll).Content.ReadAsStringAsync()).Length.Should().Be(Chunk.Length);
        session.ConnectionClosed.IsCancellationRequested.Should().BeFalse();
    }

    private static async Task ReadUntilClosedAsync(System.Net.Sockets.Socket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is as good as an end.
        }
    }
}
