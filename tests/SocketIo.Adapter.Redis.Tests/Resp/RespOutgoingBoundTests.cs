using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Resp;

/// <summary>A Redis that does not read: the commands waiting for it are bounded by MaxOutgoingBytes.</summary>
public sealed class RespOutgoingBoundTests
{
    private const int Limit = 200_000;

    [Fact]
    public async Task Commands_past_the_bound_are_refused_without_breaking_the_connection_and_accepted_again_once_sent()
    {
        await using var fake = new FakeRedisServer();
        var options = fake.CreateOptions();
        options.MaxOutgoingBytes = Limit;
        var time = new ManualTimeProvider();
        var connecting = RespConnection.ConnectAsync(options, null, time, default);
        await fake.AcceptAsync();
        await fake.ReceiveUntilAsync("PING");
        await fake.SendAsync("+PONG\r\n");
        await using var connection = await connecting;
        var payload = new string('x', 10_000);

        // A burst faster than the sending loop, then a Redis that does not read: either way commands pile up to the bound.
        Task<RespValue>? refused = null;
        var accepted = new List<Task<RespValue>>();
        for (var i = 0; i < 5_000 && refused is null; i++)
        {
            var command = connection.SendAsync(["PUBLISH", "ch", payload]);
            if (command.IsFaulted)
            {
                refused = command;
            }
            else
            {
                accepted.Add(command);
            }
        }

        refused.Should().NotBeNull("a Redis that never reads must not make the client buffer without end");
        (await refused!.Invoking(t => t).Should().ThrowAsync<RedisConnectionException>()).WithMessage("*MaxOutgoingBytes*");
        connection.OutgoingBytes.Should().BeLessThanOrEqualTo(Limit + payload.Length + 64, "the bound plus one command at most");
        connection.IsOpen.Should().BeTrue();
        accepted.Should().OnlyContain(t => !t.IsCompleted, "the commands already written still wait for their replies");

        using var stop = new CancellationTokenSource();
        var discarding = fake.DiscardIncomingAsync(stop.Token);
        await Eventually.TrueAsync(() => connection.OutgoingBytes == 0);
        connection.SendAsync(["PUBLISH", "ch", payload]).IsFaulted.Should().BeFalse();
        await stop.CancelAsync();
        await discarding;
    }

    [Fact]
    public void MaxOutgoingBytes_must_be_positive()
    {
        var options = new RedisConnectionOptions { MaxOutgoingBytes = 0 };

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage("*MaxOutgoingBytes*");
    }
}
