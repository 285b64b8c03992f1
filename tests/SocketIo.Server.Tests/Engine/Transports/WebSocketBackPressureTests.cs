using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine.Transports;

public class WebSocketBackPressureTests : IAsyncLifetime
{
    private const int Limit = 200_000;
    private static readonly EngineMessage Chunk = EngineMessage.Text(new string('x', 10_000));
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(2);

    private EngineTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EngineTestServer.StartAsync(
        o => o.MaxBufferedBytes = Limit,
        handler: new RecordingHandler { Echo = false },
        configureServices: services => SmallSendBuffers.Configure(services));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_client_that_never_reads_is_closed_as_a_slow_consumer_holding_at_most_the_limit_plus_one_message()
    {
        await using var client = await StalledWebSocketClient.ConnectAsync(Uri());
        var session = await OpenAsync(client);

        var sent = await SendPacedUntilRefusedAsync(session, maxMessages: 1_000);

        sent.Should().BeGreaterThan(Limit / Chunk.Length, "what the kernel and the transport took counts only once it is written");
        (await _server.Handler.ClosedAsync(session.Id)).Should().Be(EngineCloseReason.SlowConsumer);
        session.Outbound.PeakBufferedBytes.Should().BeLessThanOrEqualTo(Limit + Chunk.Length);
        session.Outbound.BufferedBytes.Should().Be(0, "the session let go of what it held");
        await client.WaitForServerCloseAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_close_does_not_wait_for_the_blocked_send_the_connection_is_aborted_at_once()
    {
        var requestEnded = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EngineTestServer.StartAsync(
            o => o.MaxBufferedBytes = Limit,
            handler: new RecordingHandler { Echo = false },
            configureApp: (app, _) => app.Use(async (context, next) =>
            {
                await next(context);
                requestEnded.TrySetResult(Stopwatch.GetTimestamp());
            }),
            configureServices: services => SmallSendBuffers.Configure(services));
        await using var client = await StalledWebSocketClient.ConnectAsync(
            new UriBuilder(server.BaseUri) { Scheme = "ws", Path = "/engine.io/", Query = "EIO=4&transport=websocket" }.Uri);
        var open = await client.WebSocket.ReceiveTextAsync();
        var session = (EngineSession)server.Handler.Connections[open.Substring(9, 20)];

        await SendPacedUntilRefusedAsync(session, maxMessages: 1_000);
        await server.Handler.ClosedAsync(session.Id);
        var closed = Stopwatch.GetTimestamp();

        // A graceful close would wait for the send in progress (up to the transport's 2 s close grace) before giving up.
        var ended = await requestEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Stopwatch.GetElapsedTime(closed, ended).Should().BeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Volatile_packets_to_a_stuck_client_are_dropped_and_never_close_it()
    {
        await using var client = await StalledWebSocketClient.ConnectAsync(Uri());
        var session = await OpenAsync(client);
        using var pace = new PeriodicTimer(Pace);
        while (session.Outbound.BufferedBytes < Limit / 2)
        {
            session.Send(Chunk).Should().BeTrue();
            await pace.WaitForNextTickAsync();
        }

        var held = session.Outbound.BufferedBytes;
        for (var i = 0; i < 1_000; i++)
        {
            session.SendVolatile([Chunk]).Should().BeFalse();
        }

        session.Outbound.BufferedBytes.Should().BeLessThanOrEqualTo(held);
        session.ConnectionClosed.IsCancellationRequested.Should().BeFalse();
        session.IsWritable.Should().BeFalse();
    }

    [Fact]
    public async Task A_client_that_reads_receives_many_times_the_limit_and_the_count_returns_to_zero()
    {
        using var client = await _server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        var open = await client.ReceiveTextAsync();
        var session = (EngineSession)_server.Handler.Connections[open.Substring(9, 20)];
        const int Messages = 200;
        var reading = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                (await client.ReceiveMessageAsync()).Data.Length.Should().Be(Chunk.Length);
            }
        });

        using var pace = new PeriodicTimer(Pace);
        for (var i = 0; i < Messages; i++)
        {
            session.Send(Chunk).Should().BeTrue("a client that keeps up is never over the limit");
            await pace.WaitForNextTickAsync();
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => session.Outbound.BufferedBytes == 0);
        session.ConnectionClosed.IsCancellationRequested.Should().BeFalse();
        session.IsWritable.Should().BeTrue();
        session.SendVolatile([Chunk]).Should().BeTrue();
    }

    [Fact]
    public async Task A_burst_over_the_limit_from_one_producer_closes_the_connection_at_once()
    {
        using var client = await _server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        var open = await client.ReceiveTextAsync();
        var session = (EngineSession)_server.Handler.Connections[open.Substring(9, 20)];

        var accepted = 0;
        while (session.Send(Chunk))
        {
            accepted++;
        }

        // The writer may have written a few meanwhile; the burst itself is what trips the limit.
        accepted.Should().BeInRange(Limit / Chunk.Length, 100);
        (await _server.Handler.ClosedAsync(session.Id)).Should().Be(EngineCloseReason.SlowConsumer);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public async Task MaxBufferedBytes_must_be_positive(long value)
    {
        var start = () => EngineTestServer.StartAsync(o => o.MaxBufferedBytes = value);
        await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>();
    }

    private Uri Uri() => new UriBuilder(_server.BaseUri) { Scheme = "ws", Path = "/engine.io/", Query = "EIO=4&transport=websocket" }.Uri;

    private async Task<EngineSession> OpenAsync(StalledWebSocketClient client)
    {
        var open = await client.WebSocket.ReceiveTextAsync();
        return (EngineSession)_server.Handler.Connections[open.Substring(9, 20)];
    }

    /// <summary>Sends at a steady pace (the client could keep up if it read) until the session refuses.</summary>
    private static async Task<int> SendPacedUntilRefusedAsync(EngineSession session, int maxMessages)
    {
        using var pace = new PeriodicTimer(Pace);
        for (var sent = 0; sent < maxMessages; sent++)
        {
            if (!session.Send(Chunk))
            {
                return sent;
            }

            await pace.WaitForNextTickAsync();
        }

        throw new InvalidOperationException("The session never refused a send.");
    }
}
