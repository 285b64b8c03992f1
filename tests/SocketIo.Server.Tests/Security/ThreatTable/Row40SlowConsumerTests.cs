using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>Measures process memory, so it runs alone: other tests' allocations would blur it.</summary>
[CollectionDefinition(nameof(Row40SlowConsumerTests), DisableParallelization = true)]
public sealed class Row40RunsAlone;

/// <summary>
/// §6 row 40 (P1): a client that stops reading in a room receiving 1 MB/s. The server holds at most
/// <see cref="EngineOptions.MaxBufferedBytes"/> plus one message for it, then disconnects it as a slow consumer; the
/// other members of the room receive every message at the rate it is emitted.
/// </summary>
[Collection(nameof(Row40SlowConsumerTests))]
public sealed class Row40SlowConsumerTests
{
    private const int MessageSize = 50_000;
    private const int MessagesPerSecond = 20;
    private const int Seconds = 4;
    private const int Total = MessagesPerSecond * Seconds;
    private const int HealthyClients = 3;
    private const string TickPrefix = "42[\"tick\",";

    [Fact]
    public async Task Row_40_client_that_never_reads_in_a_1MB_per_s_room_is_disconnected_and_others_keep_pace()
    {
        // Weak: the test must not be what keeps the stuck client's session alive.
        var sessions = new ConcurrentDictionary<string, WeakReference<EngineSession>>();
        var disconnects = new ConcurrentDictionary<string, TaskCompletionSource<string>>();
        var bufferedAtDisconnect = new ConcurrentDictionary<string, (long Peak, long Held)>();
        var joined = new SemaphoreSlim(0);
        var emitted = 0;
        var emittedAtStuckDisconnect = -1;
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.OnConnection(socket =>
            {
                sessions[socket.Id] = new WeakReference<EngineSession>((EngineSession)socket.Connection);
                var disconnected = disconnects.GetOrAdd(socket.Id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
                socket.On("disconnect", (string reason) =>
                {
                    var outbound = ((EngineSession)socket.Connection).Outbound;
                    bufferedAtDisconnect[socket.Id] = (outbound.PeakBufferedBytes, outbound.BufferedBytes);
                    Interlocked.CompareExchange(ref emittedAtStuckDisconnect, Volatile.Read(ref emitted), -1);
                    disconnected.TrySetResult(reason);
                });
                socket.Join("feed");
                joined.Release();
            }),
            configureServices: services => SmallSendBuffers.Configure(services));

        await using var stuck = await StalledWebSocketClient.ConnectAsync(
            new UriBuilder(server.BaseUri) { Scheme = "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" }.Uri);
        (await stuck.WebSocket.ReceiveTextAsync()).Should().StartWith("0{");
        await stuck.WebSocket.SendTextAsync("40");
        var stuckId = System.Text.Json.JsonDocument.Parse((await stuck.WebSocket.ReceiveTextAsync())[2..]).RootElement.GetProperty("sid").GetString()!;

        var healthy = new RawSocketIoClient[HealthyClients];
        var received = new int[HealthyClients];
        var readers = new Task[HealthyClients];
        for (var i = 0; i < HealthyClients; i++)
        {
            healthy[i] = await RawSocketIoClient.ConnectAsync(server);
            await healthy[i].JoinAsync();
        }

        try
        {
            for (var i = 0; i <= HealthyClients; i++)
            {
                (await joined.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();
            }

            for (var i = 0; i < HealthyClients; i++)
            {
                var client = i;
                readers[i] = Task.Run(() => ReadTicksAsync(healthy[client], received, client));
            }

            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var payload = new string('x', MessageSize);
            var peakGrowth = 0L;
            var slowestEmit = TimeSpan.Zero;
            var lags = new List<int>();
            using (var pace = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / MessagesPerSecond)))
            {
                for (var n = 0; n < Total; n++)
                {
                    var started = Stopwatch.GetTimestamp();
                    server.Io.To("feed").Emit("tick", n, payload);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    slowestEmit = elapsed > slowestEmit ? elapsed : slowestEmit;
                    Volatile.Write(ref emitted, n + 1);
                    if ((n + 1) % MessagesPerSecond == 0)
                    {
                        // A checkpoint each second: how far behind the emitter each reading client is, and memory.
                        for (var i = 0; i < HealthyClients; i++)
                        {
                            lags.Add(n + 1 - Volatile.Read(ref received[i]));
                        }

                        peakGrowth = Math.Max(peakGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                    }

                    await pace.WaitForNextTickAsync();
                }
            }

            // The stuck client: disconnected while the room was still being fed, with the new reason, having held
            // at most the limit plus one message.
            (await disconnects[stuckId].Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(DisconnectReason.SlowConsumer);
            Volatile.Read(ref emittedAtStuckDisconnect).Should().BeInRange(1, Total - 1);
            var (peak, held) = bufferedAtDisconnect[stuckId];
            var limit = new EngineOptions().MaxBufferedBytes;
            peak.Should().BeInRange(limit, limit + TickPrefix.Length + MessageSize + 16, "the limit plus one message at most");
            held.Should().Be(0);

            // The others: every message, in order (checked by the readers), never more than a second behind.
            await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(10));
            received.Should().AllBeEquivalentTo(Total);
            lags.Should().OnlyContain(lag => lag <= MessagesPerSecond, "the reading clients keep pace with the emitter");
            slowestEmit.Should().BeLessThan(TimeSpan.FromSeconds(1), "a broadcast never waits for the stuck client");
            foreach (var (id, disconnected) in disconnects)
            {
                disconnected.Task.IsCompleted.Should().Be(id == stuckId);
            }

            // Memory: the stuck session and all it held become garbage once it is gone; the whole process stays
            // within a few MB of where it started (the bound is loose: other test classes' leftovers share the heap).
            await Eventually.TrueAsync(() => IsCollected(sessions[stuckId]));
            var finalGrowth = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            peakGrowth.Should().BeLessThan(8_000_000);
            finalGrowth.Should().BeLessThan(8_000_000);
        }
        finally
        {
            foreach (var client in healthy)
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsCollected(WeakReference<EngineSession> session)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return !session.TryGetTarget(out _);
    }

    /// <summary>Reads ticks until all arrived, checking that they arrive in order.</summary>
    private static async Task ReadTicksAsync(RawSocketIoClient client, int[] received, int index)
    {
        for (var expected = 0; expected < Total; expected++)
        {
            var frame = await client.ReceiveAsync();
            frame.Should().StartWith(TickPrefix);
            var end = frame.IndexOf(',', TickPrefix.Length);
            int.Parse(frame.AsSpan(TickPrefix.Length, end - TickPrefix.Length), CultureInfo.InvariantCulture).Should().Be(expected);
            frame.Length.Should().Be(end + 1 + MessageSize + 3);
            Interlocked.Increment(ref received[index]);
        }
    }
}
