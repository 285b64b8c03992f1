using System.Text;
using System.Text.Json;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Classic;

/// <summary>Requests only old nodes or the Redis emitter send, binary answers, and the end of an adapter.</summary>
public sealed class ClassicProtocolEdgeTests : ClassicClusterTestBase
{
    [Fact]
    public async Task Legacy_sockets_and_one_socket_requests_are_acted_on_and_answered()
    {
        var b = await StartNodeAsync();
        var onB = await ConnectAsync(b);
        SocketOf(b, onB).Join("lobby");
        var (requester, answers) = await StartRequesterAsync();

        await PublishRequestAsync(requester, $$"""{"uid":"oldOne","requestId":"q0","type":0,"rooms":["lobby"]}""");
        JsonDocument.Parse((await answers.NextAsync()).Payload).RootElement.GetRawText()
            .Should().Be($$"""{"requestId":"q0","sockets":["{{onB.Id}}"]}""");

        await PublishRequestAsync(requester, $$"""{"uid":"oldOne","requestId":"q1","type":2,"sid":"{{onB.Id}}","room":"joined"}""");
        (await answers.NextAsync()).Text.Should().Be("""{"requestId":"q1"}""");
        SocketOf(b, onB).Rooms.Should().Contain("joined");

        await PublishRequestAsync(requester, $$"""{"uid":"oldOne","requestId":"q2","type":3,"sid":"{{onB.Id}}","room":"joined"}""");
        (await answers.NextAsync()).Text.Should().Be("""{"requestId":"q2"}""");
        SocketOf(b, onB).Rooms.Should().NotContain("joined");

        // A socket that is not on this node: no answer (the next answer is the disconnect's).
        await PublishRequestAsync(requester, """{"uid":"oldOne","requestId":"q3","type":2,"sid":"elsewhere","room":"x"}""");
        await PublishRequestAsync(requester, $$"""{"uid":"oldOne","requestId":"q4","type":4,"sid":"{{onB.Id}}","close":true}""");
        (await answers.NextAsync()).Text.Should().Be("""{"requestId":"q4"}""");
        await onB.Disconnected;
    }

    [Fact]
    public async Task Requests_from_the_redis_emitter_without_uid_are_applied()
    {
        var b = await StartNodeAsync(io => io.Sockets.On("hello", (string who) => Heard.TrySetResult(who)));
        var onB = await ConnectAsync(b);
        var (requester, _) = await StartRequesterAsync();

        await PublishRequestAsync(requester, """{"type":2,"opts":{"rooms":[],"except":[]},"rooms":["from-emitter"]}""");
        await PublishRequestAsync(requester, """{"type":6,"data":["hello","emitter"]}""");
        var broadcast = new[] { (byte)0x93 }
            .Concat(Str("emitter"))
            .Concat([(byte)0x83]).Concat(Str("type")).Concat([(byte)0x02]).Concat(Str("data")).Concat([(byte)0x91]).Concat(Str("news")).Concat(Str("nsp")).Concat(Str("/"))
            .Concat([(byte)0x83]).Concat(Str("rooms")).Concat([(byte)0x91]).Concat(Str("from-emitter")).Concat(Str("flags")).Concat([(byte)0x80]).Concat(Str("except")).Concat([(byte)0x90])
            .ToArray();
        await requester.PublishAsync(new RedisChannel("socket.io#/#from-emitter#", RedisChannelKind.Literal), broadcast);

        (await Heard.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("emitter");
        await ExpectEventAsync(onB, "news");
        SocketOf(b, onB).Rooms.Should().Contain("from-emitter");
    }

    [Fact]
    public async Task Binary_acknowledgements_reach_the_requester_as_bytes()
    {
        var a = await StartNodeAsync();
        var b = await StartNodeAsync();
        await WaitForServerCountAsync(a, 2);
        await using var raw = await RawSocketIoClient.ConnectAsync(b);
        await raw.JoinAsync();

        var pending = a.Io.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("bytes?");
        var frame = await raw.ReceiveAsync();
        frame.Should().StartWith("42");
        var id = frame[2..frame.IndexOf('[', StringComparison.Ordinal)];
        await raw.SendAsync($$"""461-{{id}}[{"_placeholder":true,"num":0}]""");
        await raw.SendBinaryAsync([9, 8, 7]);

        (await pending).Should().ContainSingle().Which.Should().BeEquivalentTo(new byte[] { 9, 8, 7 });
    }

    [Fact]
    public async Task Closing_an_adapter_ends_its_subscriptions_but_not_the_nodes_client()
    {
        var a = await StartNodeAsync();
        var chat = a.Io.Of("/chat");
        await WaitForServerCountAsync(a, 1, "/chat");
        var observer = await StartRedisClientAsync();

        await chat.Adapter.DisposeAsync();

        var count = await observer.CountSubscribersAsync(new RedisChannel("socket.io-request#/chat#", RedisChannelKind.Literal));
        count.Should().Be(0);
        var patterns = await observer.ExecuteAsync("PUBSUB", "NUMPAT");
        patterns.Integer.Should().Be(1, "the main namespace's pattern is still there");
        (await AdapterOf(a).GetServerCountAsync()).Should().Be(1);
    }

    private TaskCompletionSource<string> Heard { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static byte[] Str(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [(byte)(0xa0 | bytes.Length), .. bytes];
    }

    private static Task<long> PublishRequestAsync(RespPubSubClient client, string json) =>
        client.PublishAsync(new RedisChannel("socket.io-request#/#", RedisChannelKind.Literal), Encoding.UTF8.GetBytes(json));

    private async Task<(RespPubSubClient Client, MessageRecorder Answers)> StartRequesterAsync()
    {
        var client = await StartRedisClientAsync();
        var answers = new MessageRecorder();
        await client.SubscribeAsync(new RedisChannel("socket.io-response#/#", RedisChannelKind.Literal), answers.Handler);
        return (client, answers);
    }
}
