using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server;
using SocketIo.Server.Adapters.Cluster;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Sharded.Support;

/// <summary>
/// A Node node (<see cref="NodeShardedProcess"/>) and a .NET node on one Redis in the same subscription mode, each with
/// two clients: client 0 in rooms <c>room1</c> and <c>room2</c>, client 1 in <c>room2</c>; clients acknowledge
/// <c>ask</c> with <c>ack-&lt;index&gt;</c>, listeners answer a server-side <c>ping</c> with <c>{pong: args}</c>, and
/// socket data is <c>{name: "node-&lt;index&gt;", n: index}</c> on both sides. A <see cref="RedisMonitorTap"/> sees every
/// SPUBLISH without being counted as a node.
/// </summary>
internal sealed class NodeAndDotNetPair
{
    /// <summary>Same length as a uid or request id (16 hex characters), so MessagePack lengths stay the same.</summary>
    public const string UidPlaceholder = "UUUUUUUUUUUUUUUU";

    /// <summary>The other node's uid (the requester's, in an answer).</summary>
    public const string OtherUidPlaceholder = "VVVVVVVVVVVVVVVV";

    private NodeAndDotNetPair(
        RedisMonitorTap tap,
        NodeShardedProcess node,
        ShardedTestNode dotnet,
        string[] nodeSocketIds,
        string[] dotnetSocketIds,
        ConcurrentQueue<string> serverSideEmits,
        ConcurrentQueue<string> clientEvents)
    {
        DotNetServerSideEmits = serverSideEmits;
        DotNetClientEvents = clientEvents;
        Tap = tap;
        Node = node;
        DotNet = dotnet;
        NodeSocketIds = nodeSocketIds;
        DotNetSocketIds = dotnetSocketIds;
    }

    public RedisMonitorTap Tap { get; }

    public NodeShardedProcess Node { get; }

    public ShardedTestNode DotNet { get; }

    public string NodeUid => Node.Uid;

    public string DotNetUid => DotNet.Adapter().NodeUid;

    public string[] NodeSocketIds { get; }

    public string[] DotNetSocketIds { get; }

    /// <summary>Server-side emits the .NET node's listeners received: event name and arguments as JSON.</summary>
    public ConcurrentQueue<string> DotNetServerSideEmits { get; }

    /// <summary>Events <c>ev</c>, <c>bin</c>, <c>end</c> and <c>num</c> the .NET clients received: "index:name".</summary>
    public ConcurrentQueue<string> DotNetClientEvents { get; }

    public static async Task<NodeAndDotNetPair> StartAsync(ShardedClusterTestBase test, RedisSubscriptionMode mode)
    {
        var tap = test.Track(await RedisMonitorTap.StartAsync(test.Redis.Host, test.Redis.Port));
        var node = test.Track(await NodeShardedProcess.StartAsync(test.Redis.Url, ModeName(mode)));
        var serverSideEmits = new ConcurrentQueue<string>();
        var dotnet = await test.StartNodeAsync(mode, io =>
        {
            io.OnConnection(socket =>
            {
                var index = socket.Handshake.Auth.GetProperty("index").GetInt32();
                socket.Data["name"] = $"node-{index}";
                socket.Data["n"] = index;
                socket.Join(index == 0 ? ["room1", "room2"] : ["room2"]);
            });
            io.Sockets.On("ping", (int n) => new { pong = new[] { n } });
            io.Sockets.On("hello", (JsonElement text, JsonElement n) => serverSideEmits.Enqueue($"hello {text.GetRawText()} {n.GetRawText()}"));
            io.Sockets.On("bin", (byte[] data) => serverSideEmits.Enqueue($"bin {Convert.ToHexString(data)}"));
        });

        var nodeIds = (await node.SendAsync("clients", new { count = 2 })).GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToArray();
        await node.SendAsync("join", new { client = 0, rooms = new[] { "room1", "room2" } });
        await node.SendAsync("join", new { client = 1, rooms = new[] { "room2" } });

        var clients = test.Track(new DotNetClients(dotnet.Server.BaseUri));
        var events = new ConcurrentQueue<string>();
        var dotnetIds = new string[2];
        for (var index = 0; index < 2; index++)
        {
            var client = clients.Create(DotNetClients.WebSocket, "/", new { index });
            var answer = $"ack-{index}";
            var prefix = $"{index}:";
            client.On("ask", response => _ = response.CallbackAsync(answer));
            foreach (var name in new[] { "ev", "bin", "end", "num" })
            {
                var entry = prefix + name;
                client.On(name, _ => events.Enqueue(entry));
            }
            await DotNetClients.ConnectAsync(client);
            await Eventually.TrueAsync(() => dotnet.Io.Sockets.Sockets.Count == index + 1);
            dotnetIds[index] = client.Id!;
        }

        var pair = new NodeAndDotNetPair(tap, node, dotnet, nodeIds, dotnetIds, serverSideEmits, events);
        await pair.WaitForSubscriptionsAsync(test, mode);
        return pair;
    }

    /// <summary>The next message the Node node publishes of <paramref name="type"/>.</summary>
    public Task<PublishedMessage> FromNodeAsync(ClusterMessageType type) => FromAsync(NodeUid, type);

    /// <summary>The next message the .NET node publishes of <paramref name="type"/>.</summary>
    public Task<PublishedMessage> FromDotNetAsync(ClusterMessageType type) => FromAsync(DotNetUid, type);

    /// <summary>
    /// Asserts that both nodes published the same bytes on the same channel, once each one's uid, request ids and
    /// socket ids are replaced by the same placeholders.
    /// </summary>
    public void ShouldBeTheSame(PublishedMessage fromNode, PublishedMessage fromDotNet, params (string Node, string DotNet)[] ids)
    {
        // Each side's own uid becomes U..., the other side's (a requester's, in answers) V...
        var nodeIds = new List<(string, string)> { (NodeUid, UidPlaceholder), (DotNetUid, OtherUidPlaceholder) };
        var dotnetIds = new List<(string, string)> { (DotNetUid, UidPlaceholder), (NodeUid, OtherUidPlaceholder) };
        for (var i = 0; i < NodeSocketIds.Length; i++)
        {
            nodeIds.Add((NodeSocketIds[i], SocketPlaceholder(i)));
            dotnetIds.Add((DotNetSocketIds[i], SocketPlaceholder(i)));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var placeholder = new string((char)('a' + i), ids[i].Node.Length);
            nodeIds.Add((ids[i].Node, placeholder));
            dotnetIds.Add((ids[i].DotNet, placeholder));
        }

        var because = $"Node published {Show(fromNode.Payload)} on {fromNode.Channel}, .NET {Show(fromDotNet.Payload)} on {fromDotNet.Channel}";
        Replace(Encoding.UTF8.GetBytes(fromDotNet.Channel), dotnetIds).Should().Equal(Replace(Encoding.UTF8.GetBytes(fromNode.Channel), nodeIds), because);
        Replace(fromDotNet.Payload, dotnetIds).Should().Equal(Replace(fromNode.Payload, nodeIds), because);
    }

    /// <summary>Decodes what Node published and checks that encoding it again gives Node's bytes exactly.</summary>
    public static ClusterMessage DecodeAndRoundTrip(PublishedMessage published)
    {
        var message = Codec.Decode(published.Payload, out var reason);
        message.Should().NotBeNull($"{Show(published.Payload)} decodes ({reason})");
        Codec.Encode(message!).Should().Equal(published.Payload, $"re-encoding {Show(published.Payload)} gives Node's bytes");
        return message!;
    }

    public static string Show(byte[] payload) =>
        payload.Length > 0 && payload[0] == (byte)'{' ? Encoding.UTF8.GetString(payload) : "msgpack " + Convert.ToHexString(payload);

    private static ShardedMessageCodec Codec => Wire.ShardedMessageCodecTests.Codec;

    private static string SocketPlaceholder(int index) => new((char)('0' + index), 20);

    private static string ModeName(RedisSubscriptionMode mode) => mode switch
    {
        RedisSubscriptionMode.Static => "static",
        RedisSubscriptionMode.Dynamic => "dynamic",
        _ => "dynamic-private",
    };

    private static byte[] Replace(byte[] bytes, List<(string Value, string Placeholder)> replacements)
    {
        var result = (byte[])bytes.Clone();
        foreach (var (value, placeholder) in replacements)
        {
            var from = Encoding.UTF8.GetBytes(value);
            var to = Encoding.UTF8.GetBytes(placeholder);
            from.Length.Should().Be(to.Length);
            for (var i = 0; i + from.Length <= result.Length; i++)
            {
                if (result.AsSpan(i, from.Length).SequenceEqual(from))
                {
                    to.CopyTo(result, i);
                    i += from.Length - 1;
                }
            }
        }

        return result;
    }

    private async Task<PublishedMessage> FromAsync(string uid, ClusterMessageType type) =>
        await Tap.NextAsync(
            published =>
            {
                var message = Codec.Decode(published.Payload, out _);
                return message is not null && message.Uid == uid && message.Type == type;
            },
            $"{type} by {uid}");

    private async Task WaitForSubscriptionsAsync(ShardedClusterTestBase test, RedisSubscriptionMode mode)
    {
        var watcher = await test.StartRedisClientAsync();
        var expected = new Dictionary<string, long> { ["socket.io#/#"] = 2 };
        if (mode != RedisSubscriptionMode.Static)
        {
            expected["socket.io#/#room1#"] = 2;
            expected["socket.io#/#room2#"] = 2;
        }

        if (mode == RedisSubscriptionMode.DynamicPrivate)
        {
            foreach (var id in NodeSocketIds.Concat(DotNetSocketIds))
            {
                expected[$"socket.io#/#{id}#"] = 1;
            }
        }

        foreach (var (channel, count) in expected)
        {
            await AsyncEventually.TrueAsync(
                async () => (await watcher.ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel))[1].Integer == count,
                $"{channel} has {count} subscribers");
        }
    }
}
