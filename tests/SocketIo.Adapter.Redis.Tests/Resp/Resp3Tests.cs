using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Resp;

/// <summary>The client in RESP3 mode (<c>HELLO 3</c>): replies of every RESP3 type from a real server, and pub/sub over pushes.</summary>
public sealed class Resp3Tests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;
    private RespPubSubClient _client = null!;

    public async Task InitializeAsync()
    {
        // DEBUG PROTOCOL makes the server send each RESP3 type on demand.
        _redis = await RedisServerProcess.StartAsync("--enable-debug-command", "yes");
        _client = await RespTestClients.StartAsync(_redis, o => o.Protocol = RedisProtocol.Resp3);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_connection_speaks_RESP3()
    {
        var hello = await _client.ExecuteAsync("HELLO");

        hello.Type.Should().Be(RespType.Map);
        var fields = hello.Items.ToArray();
        var proto = Array.FindIndex(fields, f => f.AsString() == "proto");
        fields[proto + 1].Integer.Should().Be(3);
    }

    [Theory]
    [InlineData("string", "BulkString(Hello World)")]
    [InlineData("integer", "Integer(12345)")]
    [InlineData("double", "Double(3.141)")]
    [InlineData("bignum", "BigNumber(1234567999999999999999999999999999999)")]
    [InlineData("null", "(null)")]
    [InlineData("true", "Boolean(true)")]
    [InlineData("false", "Boolean(false)")]
    [InlineData("verbatim", "VerbatimString(This is a verbatim\nstring)")]
    [InlineData("map", "Map[Integer(0), Boolean(false), Integer(1), Boolean(true), Integer(2), Boolean(false)]")]
    [InlineData("set", "Set[Integer(0), Integer(1), Integer(2)]")]
    [InlineData("attrib", "BulkString(Some real reply following the attribute)")]
    public async Task Reads_every_RESP3_type_a_server_sends(string type, string expected)
    {
        var reply = await _client.ExecuteAsync("DEBUG", "PROTOCOL", type);

        reply.ToString().Should().Be(expected);
    }

    [Fact]
    public async Task Pub_sub_messages_arrive_as_pushes_for_channels_patterns_and_shards()
    {
        var literal = new MessageRecorder();
        var pattern = new MessageRecorder();
        var sharded = new MessageRecorder();
        await _client.SubscribeAsync(new RedisChannel("r3", RedisChannelKind.Literal), literal.Handler);
        await _client.SubscribeAsync(new RedisChannel("r3*", RedisChannelKind.Pattern), pattern.Handler);
        await _client.SubscribeAsync(new RedisChannel("r3-shard", RedisChannelKind.Sharded), sharded.Handler);

        for (var i = 0; i < 50; i++)
        {
            await _client.PublishAsync(new RedisChannel("r3", RedisChannelKind.Literal), BitConverter.GetBytes(i));
            await _client.PublishAsync(new RedisChannel("r3-shard", RedisChannelKind.Sharded), BitConverter.GetBytes(i));
        }

        var expected = Enumerable.Range(0, 50).ToArray();
        (await literal.TakeAsync(50)).Select(m => BitConverter.ToInt32(m.Payload)).Should().Equal(expected);
        (await sharded.TakeAsync(50)).Select(m => BitConverter.ToInt32(m.Payload)).Should().Equal(expected);
        (await pattern.TakeAsync(50)).Should().OnlyContain(m => m.Channel == "r3");
        (await _client.CountSubscribersAsync(new RedisChannel("r3", RedisChannelKind.Literal))).Should().Be(1);
        (await _client.CountSubscribersAsync(new RedisChannel("r3-shard", RedisChannelKind.Sharded))).Should().Be(1);

        await _client.UnsubscribeAsync(new RedisChannel("r3", RedisChannelKind.Literal));
        (await _client.CountSubscribersAsync(new RedisChannel("r3", RedisChannelKind.Literal))).Should().Be(0);
    }
}
