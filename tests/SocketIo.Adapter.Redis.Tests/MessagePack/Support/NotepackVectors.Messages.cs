using static SocketIo.Adapter.Redis.Tests.MessagePack.Support.NotepackNode;

namespace SocketIo.Adapter.Redis.Tests.MessagePack.Support;

/// <summary>The .NET forms of the Redis adapter's messages among the vectors: dictionaries, records, anonymous objects.</summary>
internal static partial class NotepackVectors
{
    private static void AddClusterMessages(Dictionary<string, object?[]> v)
    {
        v["classic broadcast"] =
        [
            new object?[]
            {
                "AbC123",
                new Dictionary<string, object?> { ["type"] = 2, ["data"] = new object?[] { "chat", "hi", 1.5, new byte[] { 1, 2 } }, ["nsp"] = "/" },
                new Dictionary<string, object?> { ["rooms"] = new[] { "lobby" }, ["except"] = Array.Empty<string>(), ["flags"] = new Dictionary<string, object?>() },
            },
            new object[]
            {
                "AbC123",
                new ClassicPacket(2, ["chat", "hi", 1.5m, new ReadOnlyMemory<byte>([1, 2])], "/"),
                new ClassicOptions(["lobby"], [], new Flags(null, null, null)),
            },
        ];
        v["classic broadcast with flags"] =
        [
            new object?[]
            {
                "AbC123",
                new { type = 2, data = new object[] { "ev", Json("{\"n\":1,\"list\":[true,false,null]}") }, nsp = "/admin" },
                new ClassicOptions(["r1", "r2"], new HashSet<string> { "sid" }, new Flags(true, false, null)),
            },
        ];
        v["classic broadcast request"] =
        [
            new Dictionary<string, object?>
            {
                ["uid"] = "AbC123",
                ["requestId"] = "Xy9-_a",
                ["type"] = 7,
                ["packet"] = new Dictionary<string, object?> { ["type"] = 2, ["data"] = new object?[] { "ping" }, ["nsp"] = "/" },
                ["opts"] = new Dictionary<string, object?> { ["rooms"] = Array.Empty<object?>(), ["except"] = Array.Empty<object?>(), ["flags"] = new Dictionary<string, object?> { ["timeout"] = 1000 } },
            },
            new
            {
                Uid = "AbC123",
                RequestId = "Xy9-_a",
                Type = 7,
                Packet = new ClassicPacket(2, ["ping"], "/"),
                Opts = new ClassicOptions([], [], new Flags(null, null, TimeSpan.FromSeconds(1).TotalMilliseconds)),
            },
        ];
        v["classic broadcast ack response"] =
        [
            new Dictionary<string, object?> { ["type"] = 9, ["requestId"] = "Xy9-_a", ["packet"] = "pong" },
            Json("{\"type\":9,\"requestId\":\"Xy9-_a\",\"packet\":\"pong\"}"),
        ];
        v["classic client count response"] = [new { type = 8, requestId = "Xy9-_a", clientCount = 3 }];
        v["sharded broadcast"] =
        [
            new
            {
                uid = "0123456789abcdef",
                nsp = "/",
                type = 3,
                data = new
                {
                    opts = new ClassicOptions(["room"], [], new Flags(null, null, null)),
                    packet = new Dictionary<string, object?> { ["type"] = 2, ["data"] = new object?[] { "bin", new byte[] { 0xff, 0x00 } } },
                },
            },
        ];
        v["fetch sockets response"] =
        [
            new
            {
                type = 5,
                requestId = "r1",
                sockets = new[]
                {
                    new
                    {
                        id = "abcdefghij0123456789",
                        handshake = new Handshake(
                            new Dictionary<string, string> { ["host"] = "localhost" }, "Thu Jan 01 2025", "::1", false, false, 1735689600000, "/socket.io/?EIO=4",
                            new Dictionary<string, string> { ["EIO"] = "4" }, new Dictionary<string, object?>()),
                        rooms = new List<string> { "abcdefghij0123456789", "lobby" },
                        data = Json("{\"user\":42}"),
                    },
                },
            },
        ];
    }

    public sealed record ClassicPacket(int Type, object?[] Data, string Nsp);

    public sealed record ClassicOptions(IReadOnlyList<string> Rooms, IEnumerable<string> Except, Flags Flags);

    public sealed record Handshake(
        Dictionary<string, string> Headers, string Time, string Address, bool Xdomain, bool Secure, long Issued, string Url,
        Dictionary<string, string> Query, Dictionary<string, object?> Auth);

    /// <summary>Null members are left out, as the JS emitter leaves undefined flags out.</summary>
    public sealed record Flags(
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? Volatile,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? Compress,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? Timeout);
}
