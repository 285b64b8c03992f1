using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Resp;

/// <summary>Logging in with <c>requirepass</c> and with ACL users, in RESP2 (<c>AUTH</c>) and RESP3 (<c>HELLO 3 AUTH</c>).</summary>
public sealed class RespAuthTests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync() =>
        _redis = await RedisServerProcess.StartAsync("--requirepass", "s3cret", "--user", "alice", "on", ">alice-pw", "~*", "&*", "+@all");

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Logs_in_with_the_default_users_password(RedisProtocol protocol)
    {
        await using var client = await RespTestClients.StartAsync(_redis, o =>
        {
            o.Password = "s3cret";
            o.Protocol = protocol;
        });

        await AssertWorksAsync(client, "default");
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Logs_in_as_an_ACL_user(RedisProtocol protocol)
    {
        await using var client = await RespTestClients.StartAsync(_redis, o =>
        {
            o.User = "alice";
            o.Password = "alice-pw";
            o.Protocol = protocol;
        });

        await AssertWorksAsync(client, "alice");
    }

    [Fact]
    public async Task Without_a_password_the_start_fails_saying_authentication_is_required()
    {
        await using var client = RespTestClients.Create(_redis, o => o.ConnectTimeout = TimeSpan.FromSeconds(1));

        (await client.Invoking(c => c.StartAsync()).Should().ThrowAsync<RedisConnectionException>())
            .Which.Message.Should().Contain("NOAUTH");
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task A_wrong_password_fails_clearly_and_the_client_keeps_trying_until_it_is_right(RedisProtocol protocol)
    {
        await using var admin = await RespTestClients.StartAsync(_redis, o => o.Password = "s3cret");
        await using var client = RespTestClients.Create(_redis, o =>
        {
            o.Password = "rotated";
            o.Protocol = protocol;
            o.ConnectTimeout = TimeSpan.FromSeconds(1);
        });
        var states = new ConnectionStateRecorder(client);

        var failure = await client.Invoking(c => c.StartAsync()).Should().ThrowAsync<RedisConnectionException>();
        failure.Which.Message.Should().Contain("refused the login").And.Contain("WRONGPASS").And.NotContain("rotated");
        client.IsConnected.Should().BeFalse();

        await admin.ExecuteAsync("CONFIG", "SET", "requirepass", "rotated");

        await states.WaitForAsync(connected: true);
        await AssertWorksAsync(client, "default");
    }

    private static async Task AssertWorksAsync(RespPubSubClient client, string user)
    {
        var recorder = new MessageRecorder();
        await client.SubscribeAsync(new RedisChannel("auth", RedisChannelKind.Literal), recorder.Handler);

        (await client.ExecuteAsync("ACL", "WHOAMI")).AsString().Should().Be(user);
        (await client.PublishAsync(new RedisChannel("auth", RedisChannelKind.Literal), "ok"u8.ToArray())).Should().Be(1);
        (await recorder.NextAsync()).Text.Should().Be("ok");
        client.IsConnected.Should().BeTrue();
    }
}
