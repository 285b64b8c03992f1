using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Resp;

/// <summary>The reconnect loop on its own: back-off, failed preparations, stopping mid-attempt.</summary>
public sealed partial class ReconnectingConnectionTests : IAsyncLifetime
{
    private readonly RecordingLogger<RespPubSubClient> _logger = new();
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Retries_forever_with_growing_pauses_capped_at_the_maximum()
    {
        var time = new ManualTimeProvider();
        var options = new RedisConnectionOptions { Host = "127.0.0.1", Port = UnusedPort(), MaxReconnectDelay = TimeSpan.FromSeconds(2) };
        await using var keeper = new ReconnectingConnection("test", options, null, null, null, static () => { }, _logger, time);

        keeper.Start();
        await Eventually.TrueAsync(() =>
        {
            // Each pause ends when the manual clock passes it; an attempt then fails at once (nothing listens).
            time.Advance(TimeSpan.FromMilliseconds(500));
            return FailedAttemptDelays().Count >= 25;
        }, TimeSpan.FromSeconds(30));

        var delays = FailedAttemptDelays();
        delays.Should().OnlyContain(ms => ms >= 0 && ms <= 2000);
        delays.Take(3).Should().OnlyContain(ms => ms <= 1000, "the first pauses are short");
        keeper.Current.Should().BeNull();
        keeper.LastError.Should().BeOfType<RedisConnectionException>().Which.Message.Should().Contain("Connection refused");
    }

    [Fact]
    public async Task A_failed_preparation_is_a_failed_attempt_and_is_retried()
    {
        var preparations = 0;
        var changes = 0;
        var options = _redis.CreateOptions();
        options.MaxReconnectDelay = TimeSpan.FromMilliseconds(50);
        await using var keeper = new ReconnectingConnection(
            "test",
            options,
            null,
            (_, _) => Interlocked.Increment(ref preparations) < 3 ? throw new InvalidOperationException("not yet") : Task.CompletedTask,
            null,
            () => Interlocked.Increment(ref changes),
            _logger,
            TimeProvider.System);

        keeper.Start();
        await keeper.FirstConnected.WaitAsync(TimeSpan.FromSeconds(10));

        preparations.Should().Be(3);
        changes.Should().Be(1);
        keeper.Current!.IsOpen.Should().BeTrue();
        (await keeper.Current.SendAsync(["PING"])).AsString().Should().Be("PONG");
    }

    [Fact]
    public async Task Stopping_during_an_attempt_that_then_fails_ends_quietly()
    {
        ReconnectingConnection? keeper = null;
        ValueTask stopping = default;
        var lost = 0;
        keeper = new ReconnectingConnection(
            "test",
            _redis.CreateOptions(),
            null,
            (_, _) =>
            {
                stopping = keeper!.DisposeAsync();
                throw new InvalidOperationException("failed while stopping");
            },
            _ => Interlocked.Increment(ref lost),
            static () => { },
            _logger,
            TimeProvider.System);

        keeper.Start();
        await keeper.Invoking(async k =>
        {
            await Eventually.TrueAsync(() => Volatile.Read(ref lost) == 1);
            await stopping.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }).Should().NotThrowAsync();

        keeper.Current.Should().BeNull();
        keeper.FirstConnected.IsCompleted.Should().BeFalse();
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private List<double> FailedAttemptDelays() => [.. _logger.Entries
        .Where(e => e.EventId is 604 or 605)
        .Select(e => double.Parse(RetryDelay().Match(e.Message).Groups[1].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"retrying in ([0-9.Ee+-]+) ms")]
    private static partial Regex RetryDelay();
}
