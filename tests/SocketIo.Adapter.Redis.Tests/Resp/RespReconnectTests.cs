using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Resp;

/// <summary>Losing Redis, failing fast meanwhile, and coming back with every subscription made again.</summary>
public sealed class RespReconnectTests : IAsyncLifetime
{
    // Generous: only a hang (e.g. waiting for the 30 s command timeout) may exceed it.
    private static readonly TimeSpan FailFastBound = TimeSpan.FromSeconds(10);

    private static readonly RedisChannel Literal = new("news", RedisChannelKind.Literal);
    private static readonly RedisChannel Pattern = new("news.*", RedisChannelKind.Pattern);
    private static readonly RedisChannel Sharded = new("{news}shard", RedisChannelKind.Sharded);

    private readonly MessageRecorder _literal = new();
    private readonly MessageRecorder _pattern = new();
    private readonly MessageRecorder _sharded = new();
    private readonly RecordingLogger<RespPubSubClient> _logger = new();
    private RedisServerProcess _redis = null!;
    private RespPubSubClient _client = null!;
    private ConnectionStateRecorder _states = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        _client = await RespTestClients.StartAsync(
            _redis,
            o =>
            {
                o.CommandTimeout = TimeSpan.FromSeconds(30);
                o.MaxReconnectDelay = TimeSpan.FromMilliseconds(100);
            },
            _logger);
        _states = new ConnectionStateRecorder(_client);
        await _client.SubscribeAsync(Literal, _literal.Handler);
        await _client.SubscribeAsync(Pattern, _pattern.Handler);
        await _client.SubscribeAsync(Sharded, _sharded.Handler);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Fails_fast_while_Redis_is_down_then_reconnects_and_resubscribes_by_itself(RedisProtocol protocol)
    {
        await using var client = await RespTestClients.StartAsync(_redis, o =>
        {
            o.Protocol = protocol;
            o.CommandTimeout = TimeSpan.FromSeconds(30);
            o.MaxReconnectDelay = TimeSpan.FromMilliseconds(100);
        });
        var states = new ConnectionStateRecorder(client);

        // Channels of this client only: the class's client subscribes to the shared ones.
        var literalChannel = new RedisChannel($"own-{protocol}", RedisChannelKind.Literal);
        var patternChannel = new RedisChannel($"own-{protocol}.*", RedisChannelKind.Pattern);
        var shardedChannel = new RedisChannel($"{{own}}{protocol}", RedisChannelKind.Sharded);
        var literal = new MessageRecorder();
        var pattern = new MessageRecorder();
        var sharded = new MessageRecorder();
        await client.SubscribeAsync(literalChannel, literal.Handler);
        await client.SubscribeAsync(patternChannel, pattern.Handler);
        await client.SubscribeAsync(shardedChannel, sharded.Handler);

        await _redis.StopAsync();

        // Right after the kill (the loss may not be noticed yet) and once it is: a connection error, never a wait.
        await client.Invoking(c => c.PublishAsync(literalChannel, "lost"u8.ToArray()).WaitAsync(FailFastBound))
            .Should().ThrowAsync<RedisConnectionException>();
        await states.WaitForAsync(connected: false);
        client.IsConnected.Should().BeFalse();
        await client.Invoking(c => c.PublishAsync(literalChannel, "lost"u8.ToArray()).WaitAsync(FailFastBound))
            .Should().ThrowAsync<RedisConnectionException>().WithMessage("Not connected to Redis*");
        await client.Invoking(c => c.CountSubscribersAsync(literalChannel).WaitAsync(FailFastBound))
            .Should().ThrowAsync<RedisConnectionException>();

        await _redis.RestartAsync();
        await states.WaitForAsync(connected: true);

        client.IsConnected.Should().BeTrue();
        (await client.PublishAsync(literalChannel, "back"u8.ToArray())).Should().Be(1);
        (await client.PublishAsync(new RedisChannel($"own-{protocol}.today", RedisChannelKind.Literal), "pattern back"u8.ToArray())).Should().Be(1);
        (await client.PublishAsync(shardedChannel, "shard back"u8.ToArray())).Should().Be(1);
        (await literal.NextAsync()).Text.Should().Be("back");
        var fromPattern = await pattern.NextAsync();
        fromPattern.Channel.Should().Be($"own-{protocol}.today");
        fromPattern.Text.Should().Be("pattern back");
        (await sharded.NextAsync()).Text.Should().Be("shard back");
    }

    [Fact]
    public async Task Logs_the_loss_and_the_restoration()
    {
        await _redis.StopAsync();
        await _states.WaitForAsync(connected: false);
        await _redis.RestartAsync();
        await _states.WaitForAsync(connected: true);

        _logger.Entries.Should().Contain(e => e.EventId == 602 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        _logger.Entries.Should().Contain(e => e.EventId == 603 && e.Message.Contains("restored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_killed_subscriber_connection_is_made_again_with_its_subscriptions()
    {
        var killed = await _client.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");

        killed.Integer.Should().Be(1);
        await _states.WaitForAsync(connected: false);
        await _states.WaitForAsync(connected: true);
        (await _client.PublishAsync(Literal, "again"u8.ToArray())).Should().Be(1);
        (await _client.PublishAsync(new RedisChannel("news.again", RedisChannelKind.Literal), "pattern again"u8.ToArray())).Should().Be(1);
        (await _client.PublishAsync(Sharded, "shard again"u8.ToArray())).Should().Be(1);
        (await _literal.NextAsync()).Text.Should().Be("again");
        (await _pattern.NextAsync()).Text.Should().Be("pattern again");
        (await _sharded.NextAsync()).Text.Should().Be("shard again");
    }

    [Fact]
    public async Task Subscribing_while_down_is_made_on_reconnecting_and_unsubscribing_while_down_is_not()
    {
        var added = new RedisChannel("added-while-down", RedisChannelKind.Literal);
        var recorder = new MessageRecorder();
        await _redis.StopAsync();
        await _states.WaitForAsync(connected: false);

        await _client.SubscribeAsync(added, recorder.Handler).WaitAsync(FailFastBound);
        await _client.UnsubscribeAsync(Literal).WaitAsync(FailFastBound);
        await _redis.RestartAsync();
        await _states.WaitForAsync(connected: true);

        (await _client.PublishAsync(added, "new"u8.ToArray())).Should().Be(1);
        (await _client.PublishAsync(Literal, "gone"u8.ToArray())).Should().Be(0);
        (await recorder.NextAsync()).Text.Should().Be("new");
    }

    [Fact]
    public async Task Disposing_while_reconnecting_stops_the_retries()
    {
        await _redis.StopAsync();
        await _states.WaitForAsync(connected: false);

        await _client.DisposeAsync().AsTask().WaitAsync(FailFastBound);

        var failedAttempts = _logger.Entries.Count(e => e.EventId is 604 or 605);
        await _redis.RestartAsync();
        await using var observer = await RespTestClients.StartAsync(_redis);
        (await observer.ExecuteAsync("CLIENT", "LIST")).AsString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Should().HaveCount(2, "only the observer's two connections exist");
        _logger.Entries.Count(e => e.EventId is 604 or 605).Should().Be(failedAttempts);
        _client.IsConnected.Should().BeFalse();
    }
}
