using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Resp;

/// <summary>One connection's pipelining, errors and timeouts, against a real server and a hand-played one.</summary>
public sealed class RespConnectionTests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Pipelines_many_commands_and_matches_replies_in_order()
    {
        await using var connection = await RespConnection.ConnectAsync(_redis.CreateOptions(), null, TimeProvider.System, default);

        var replies = Enumerable.Range(0, 1000).Select(_ => connection.SendAsync(["INCR", "counter"])).ToArray();
        var values = await Task.WhenAll(replies);

        values.Select(v => v.Integer).Should().Equal(Enumerable.Range(1, 1000).Select(i => (long)i));
    }

    [Fact]
    public async Task An_error_reply_fails_only_its_command()
    {
        await using var connection = await RespConnection.ConnectAsync(_redis.CreateOptions(), null, TimeProvider.System, default);

        var failing = connection.SendAsync(["NOSUCHCOMMAND", "x"]);
        var next = connection.SendAsync(["ECHO", "still here"]);

        await failing.Invoking(t => t).Should().ThrowAsync<RedisCommandException>().WithMessage("ERR unknown command*");
        (await next).AsString().Should().Be("still here");
        connection.IsOpen.Should().BeTrue();
    }

    [Fact]
    public async Task A_command_that_cannot_be_written_breaks_the_connection_rather_than_corrupting_it()
    {
        await using var connection = await RespConnection.ConnectAsync(_redis.CreateOptions(), null, TimeProvider.System, default);
        var inFlight = connection.SendAsync(["BLPOP", "nothing", "5"]);

        Action send = () => _ = connection.SendAsync(["ECHO", null!]);

        send.Should().Throw<ArgumentNullException>();
        connection.IsOpen.Should().BeFalse();
        await inFlight.Invoking(t => t).Should().ThrowAsync<RedisConnectionException>().WithMessage("Writing a command*");
    }

    [Fact]
    public async Task A_blocked_command_fails_with_a_connection_error_when_the_server_dies()
    {
        var options = _redis.CreateOptions();
        options.CommandTimeout = TimeSpan.FromSeconds(30);
        await using var connection = await RespConnection.ConnectAsync(options, null, TimeProvider.System, default);
        await using var observer = await RespConnection.ConnectAsync(options, null, TimeProvider.System, default);
        var blocked = connection.SendAsync(["BLPOP", "nothing", "0"]);
        while (!(await observer.SendAsync(["INFO", "clients"])).AsString()!.Contains("blocked_clients:1", StringComparison.Ordinal))
        {
            await Task.Delay(5);
        }

        await _redis.StopAsync();

        await blocked.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<RedisConnectionException>();
        await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await connection.SendAsync(["PING"]).Invoking(t => t).Should().ThrowAsync<RedisConnectionException>();
    }

    [Fact]
    public async Task Command_timeout_fails_the_command_and_breaks_the_connection()
    {
        await using var fake = new FakeRedisServer();
        var time = new ManualTimeProvider();
        var options = fake.CreateOptions();
        options.CommandTimeout = TimeSpan.FromSeconds(5);
        await using var connection = await ConnectToFakeAsync(fake, options, time);

        var unanswered = connection.SendAsync(["PUBLISH", "ch", "x"]);
        await fake.ReceiveUntilAsync("PUBLISH");
        time.Advance(TimeSpan.FromSeconds(4));
        unanswered.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(2));

        (await unanswered.Invoking(t => t).Should().ThrowAsync<RedisConnectionException>().WithMessage("*did not reply within the command timeout*"))
            .Which.InnerException.Should().BeOfType<TimeoutException>();
        connection.IsOpen.Should().BeFalse();
        await fake.WaitForClientCloseAsync();
    }

    [Fact]
    public async Task An_idle_connection_is_pinged_and_broken_when_the_ping_goes_unanswered()
    {
        await using var fake = new FakeRedisServer();
        var time = new ManualTimeProvider();
        var options = fake.CreateOptions();
        options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        options.CommandTimeout = TimeSpan.FromSeconds(5);
        await using var connection = await ConnectToFakeAsync(fake, options, time);

        time.Advance(TimeSpan.FromSeconds(31));
        await fake.ReceiveUntilAsync("PING\r\n*1\r\n$4\r\nPING");
        time.Advance(TimeSpan.FromSeconds(6));

        await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        connection.CloseReason.Should().BeOfType<RedisConnectionException>().Which.Message.Should().Contain("command timeout");
    }

    [Theory]
    [InlineData("?garbage\r\n", "unknown type byte")]
    [InlineData("$-5\r\n", "length of -5")]
    [InlineData("+OK\r\n+OK\r\n", "reply to no command")]
    public async Task Invalid_replies_break_the_connection_with_a_clear_error(string reply, string reason)
    {
        await using var fake = new FakeRedisServer();
        await using var connection = await ConnectToFakeAsync(fake, fake.CreateOptions(), TimeProvider.System);

        var command = connection.SendAsync(["ECHO", "x"]);
        await fake.ReceiveUntilAsync("ECHO");
        await fake.SendAsync(reply);

        await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        connection.CloseReason.Should().BeOfType<RespProtocolException>().Which.Message.Should().Contain(reason);
        if (!command.IsCompletedSuccessfully)
        {
            (await command.Invoking(t => t).Should().ThrowAsync<RedisConnectionException>()).Which.Message.Should().Contain(reason);
        }
    }

    [Fact]
    public async Task A_server_closing_in_the_middle_of_a_reply_fails_the_pending_command()
    {
        await using var fake = new FakeRedisServer();
        await using var connection = await ConnectToFakeAsync(fake, fake.CreateOptions(), TimeProvider.System);

        var command = connection.SendAsync(["GET", "k"]);
        await fake.ReceiveUntilAsync("GET");
        await fake.SendAsync("$10\r\nabc");
        fake.CloseClient();

        await command.Invoking(t => t).Should().ThrowAsync<RedisConnectionException>().WithMessage("*in the middle of a reply*");
    }

    private static async Task<RespConnection> ConnectToFakeAsync(FakeRedisServer fake, RedisConnectionOptions options, TimeProvider time)
    {
        var connecting = RespConnection.ConnectAsync(options, null, time, default);
        await fake.AcceptAsync();
        await fake.ReceiveUntilAsync("PING");
        await fake.SendAsync("+PONG\r\n");
        return await connecting;
    }
}
