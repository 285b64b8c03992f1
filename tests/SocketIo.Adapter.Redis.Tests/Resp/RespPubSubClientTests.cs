using System.Text;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Resp;

/// <summary>Publishing, subscribing and counting through <see cref="RespPubSubClient"/> on a real redis-server.</summary>
public sealed class RespPubSubClientTests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;
    private RespPubSubClient _client = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        _client = await RespTestClients.StartAsync(_redis);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Channel_pattern_and_shard_subscriptions_receive_their_messages_in_order()
    {
        var literal = new MessageRecorder();
        var pattern = new MessageRecorder();
        var sharded = new MessageRecorder();
        await _client.SubscribeAsync(new RedisChannel("room#1", RedisChannelKind.Literal), literal.Handler);
        await _client.SubscribeAsync(new RedisChannel("room#*", RedisChannelKind.Pattern), pattern.Handler);
        await _client.SubscribeAsync(new RedisChannel("{shard}room", RedisChannelKind.Sharded), sharded.Handler);

        var publishes = new List<Task<long>>();
        for (var i = 0; i < 200; i++)
        {
            var payload = Encoding.UTF8.GetBytes($"m{i}");
            publishes.Add(_client.PublishAsync(new RedisChannel("room#1", RedisChannelKind.Literal), payload));
            publishes.Add(_client.PublishAsync(new RedisChannel("{shard}room", RedisChannelKind.Sharded), payload));
        }

        (await Task.WhenAll(publishes)).Should().OnlyContain(receivers => receivers >= 1);
        var expected = Enumerable.Range(0, 200).Select(i => $"m{i}").ToArray();
        (await literal.TakeAsync(200)).Should().OnlyContain(m => m.Channel == "room#1").And.Subject.Select(m => m.Text).Should().Equal(expected);
        (await pattern.TakeAsync(200)).Should().OnlyContain(m => m.Channel == "room#1").And.Subject.Select(m => m.Text).Should().Equal(expected);
        (await sharded.TakeAsync(200)).Should().OnlyContain(m => m.Channel == "{shard}room").And.Subject.Select(m => m.Text).Should().Equal(expected);
    }

    [Fact]
    public async Task Publishes_1000_messages_in_flight_and_gets_every_count_back()
    {
        var channel = new RedisChannel("bulk", RedisChannelKind.Literal);
        var recorder = new MessageRecorder();
        await _client.SubscribeAsync(channel, recorder.Handler);

        var counts = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => _client.PublishAsync(channel, BitConverter.GetBytes(i))));

        counts.Should().AllSatisfy(count => count.Should().Be(1));
        (await recorder.TakeAsync(1000)).Select(m => BitConverter.ToInt32(m.Payload)).Should().Equal(Enumerable.Range(0, 1000));
    }

    [Fact]
    public async Task Payloads_are_delivered_byte_for_byte()
    {
        var channel = new RedisChannel("binary", RedisChannelKind.Literal);
        var recorder = new MessageRecorder();
        await _client.SubscribeAsync(channel, recorder.Handler);
        var everyByte = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var large = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();

        await _client.PublishAsync(channel, everyByte);
        await _client.PublishAsync(channel, ReadOnlyMemory<byte>.Empty);
        await _client.PublishAsync(channel, large);

        (await recorder.NextAsync()).Payload.Should().Equal(everyByte);
        (await recorder.NextAsync()).Payload.Should().BeEmpty();
        (await recorder.NextAsync()).Payload.Should().Equal(large);
    }

    [Fact]
    public async Task Channel_names_with_glob_characters_are_taken_literally()
    {
        var literal = new RedisChannel("socket.io#/#r*o?m[a]#", RedisChannelKind.Literal);
        var recorder = new MessageRecorder();
        await _client.SubscribeAsync(literal, recorder.Handler);

        var toLookalike = await _client.PublishAsync(new RedisChannel("socket.io#/#rXoYma#", RedisChannelKind.Literal), "no"u8.ToArray());
        var toLiteral = await _client.PublishAsync(literal, "yes"u8.ToArray());

        toLookalike.Should().Be(0);
        toLiteral.Should().Be(1);
        var received = await recorder.NextAsync();
        received.Channel.Should().Be("socket.io#/#r*o?m[a]#");
        received.Text.Should().Be("yes");
    }

    [Fact]
    public async Task Channel_names_are_sent_as_UTF8_without_a_prefix()
    {
        var channel = new RedisChannel("canal-é€😀", RedisChannelKind.Literal);
        var recorder = new MessageRecorder();
        await _client.SubscribeAsync(channel, recorder.Handler);

        var channels = await _client.ExecuteAsync("PUBSUB", "CHANNELS");
        await _client.PublishAsync(channel, "x"u8.ToArray());

        channels.Items.ToArray().Select(c => c.Bytes.ToArray()).Should().ContainSingle().Which.Should().Equal(Encoding.UTF8.GetBytes("canal-é€😀"));
        (await recorder.NextAsync()).Channel.Should().Be("canal-é€😀");
    }

    [Fact]
    public async Task Unsubscribing_stops_delivery()
    {
        var leaving = new RedisChannel("leaving", RedisChannelKind.Literal);
        var leavingPattern = new RedisChannel("leaving*", RedisChannelKind.Pattern);
        var leavingShard = new RedisChannel("leaving-shard", RedisChannelKind.Sharded);
        var staying = new RedisChannel("staying", RedisChannelKind.Literal);
        var left = new MessageRecorder();
        var stayed = new MessageRecorder();
        await _client.SubscribeAsync(leaving, left.Handler);
        await _client.SubscribeAsync(leavingPattern, left.Handler);
        await _client.SubscribeAsync(leavingShard, left.Handler);
        await _client.SubscribeAsync(staying, stayed.Handler);

        await _client.UnsubscribeAsync(leaving);
        await _client.UnsubscribeAsync(leavingPattern);
        await _client.UnsubscribeAsync(leavingShard);
        var counts = new[]
        {
            await _client.PublishAsync(leaving, "1"u8.ToArray()),
            await _client.PublishAsync(leavingShard, "2"u8.ToArray()),
        };
        await _client.PublishAsync(staying, "3"u8.ToArray());

        counts.Should().Equal(0, 0);
        (await stayed.NextAsync()).Text.Should().Be("3");
        left.Pending.Should().Be(0, "the message on the staying channel was published after, and arrived");
    }

    [Fact]
    public async Task Counts_channel_and_shard_channel_subscribers()
    {
        await using var other = await RespTestClients.StartAsync(_redis);
        var channel = new RedisChannel("socket.io-request#/#", RedisChannelKind.Literal);
        var shard = new RedisChannel("socket.io#/#", RedisChannelKind.Sharded);
        await _client.SubscribeAsync(channel, static (_, _) => { });
        await other.SubscribeAsync(channel, static (_, _) => { });
        await other.SubscribeAsync(shard, static (_, _) => { });
        await other.SubscribeAsync(new RedisChannel("socket.io-request#/#*", RedisChannelKind.Pattern), static (_, _) => { });

        (await _client.CountSubscribersAsync(channel)).Should().Be(2);
        (await _client.CountSubscribersAsync(shard)).Should().Be(1);
        (await _client.CountSubscribersAsync(new RedisChannel("nobody", RedisChannelKind.Literal))).Should().Be(0);
        (await _client.CountSubscribersAsync(new RedisChannel("socket.io-request#/#", RedisChannelKind.Sharded))).Should().Be(0);
    }

    [Fact]
    public async Task A_throwing_handler_is_logged_and_later_messages_still_arrive()
    {
        var logger = new RecordingLogger<RespPubSubClient>();
        await using var client = await RespTestClients.StartAsync(_redis, logger: logger);
        var recorder = new MessageRecorder();
        var calls = 0;
        await client.SubscribeAsync(new RedisChannel("faulty", RedisChannelKind.Literal), (channel, payload) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("handler bug");
            }

            recorder.Handler(channel, payload);
        });

        await client.PublishAsync(new RedisChannel("faulty", RedisChannelKind.Literal), "first"u8.ToArray());
        await client.PublishAsync(new RedisChannel("faulty", RedisChannelKind.Literal), "second"u8.ToArray());

        (await recorder.NextAsync()).Text.Should().Be("second");
        logger.Entries.Should().ContainSingle(e => e.EventId == 606)
            .Which.Exception.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("handler bug");
        client.IsConnected.Should().BeTrue();
    }

    [Fact]
    public async Task Subscriptions_made_before_starting_are_made_on_connecting()
    {
        await using var client = RespTestClients.Create(_redis);
        var recorder = new MessageRecorder();

        await client.SubscribeAsync(new RedisChannel("early", RedisChannelKind.Literal), recorder.Handler);
        client.IsConnected.Should().BeFalse();
        await client.StartAsync();
        await _client.PublishAsync(new RedisChannel("early", RedisChannelKind.Literal), "hi"u8.ToArray());

        (await recorder.NextAsync()).Text.Should().Be("hi");
    }

    [Fact]
    public async Task Subscribing_again_replaces_the_handler()
    {
        var channel = new RedisChannel("replaced", RedisChannelKind.Literal);
        var first = new MessageRecorder();
        var second = new MessageRecorder();
        await _client.SubscribeAsync(channel, first.Handler);
        await _client.SubscribeAsync(channel, second.Handler);

        (await _client.PublishAsync(channel, "x"u8.ToArray())).Should().Be(1);

        (await second.NextAsync()).Text.Should().Be("x");
        first.Pending.Should().Be(0);
    }

    [Fact]
    public async Task Runs_any_command()
    {
        (await _client.ExecuteAsync("SET", "key", "value")).AsString().Should().Be("OK");
        (await _client.ExecuteAsync("GET", "key")).AsString().Should().Be("value");
        (await _client.ExecuteAsync("GET", "missing")).IsNull.Should().BeTrue();
        await _client.Invoking(c => c.ExecuteAsync("INCR", "key")).Should().ThrowAsync<RedisCommandException>().WithMessage("ERR value is not an integer*");
    }

    [Fact]
    public async Task Patterns_cannot_be_published_to_or_counted()
    {
        var pattern = new RedisChannel("p*", RedisChannelKind.Pattern);

        await _client.Invoking(c => c.PublishAsync(pattern, "x"u8.ToArray())).Should().ThrowAsync<ArgumentException>();
        await _client.Invoking(c => c.CountSubscribersAsync(pattern)).Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task After_disposal_nothing_works_and_its_connections_are_gone()
    {
        var client = await RespTestClients.StartAsync(_redis);
        await client.SubscribeAsync(new RedisChannel("x", RedisChannelKind.Literal), static (_, _) => { });

        await client.DisposeAsync();

        await client.Invoking(c => c.PublishAsync(new RedisChannel("x", RedisChannelKind.Literal), "x"u8.ToArray()))
            .Should().ThrowAsync<ObjectDisposedException>();
        client.IsConnected.Should().BeFalse();

        // Redis notices the closed socket in its own time.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await _client.CountSubscribersAsync(new RedisChannel("x", RedisChannelKind.Literal)) != 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the disposed client's subscriber connection should close");
            await Task.Delay(5);
        }
    }
}
