using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Tests.Wire;

/// <summary>Codecs and values shared by the classic wire tests.</summary>
internal static class ClassicCodecFixture
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static NotepackCodec MessagePack { get; } = new(Json);

    public static ClassicMessageCodec Codec(string @namespace = "/", bool specific = false, string key = "socket.io") =>
        new(MessagePack, new ClassicChannels(key, @namespace), specific);

    public static byte[] Hex(string spaced) => Convert.FromHexString(spaced.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Text(ReadOnlyMemory<byte> payload) => Encoding.UTF8.GetString(payload.Span);

    public static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static ClusterMessage Decoded(ClassicInbound inbound) =>
        inbound.Should().BeOfType<ClassicClusterMessage>().Subject.Message;

    public static ClassicDropped Dropped(ClassicInbound inbound) => inbound.Should().BeOfType<ClassicDropped>().Subject;

    public static SocketHandshake Handshake() => new(
        new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = "localhost:3000",
            ["Set-Cookie"] = new StringValues(["a=1", "b=2"]),
            ["Accept"] = new StringValues(["text/html", "*/*"]),
        },
        new Dictionary<string, StringValues>(StringComparer.Ordinal)
        {
            ["EIO"] = "4",
            ["transport"] = "websocket",
            ["tag"] = new StringValues(["x", "y"]),
        },
        "::1",
        crossDomain: true,
        secure: false,
        DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
        "/socket.io/?EIO=4&transport=websocket",
        JsonDocument.Parse("""{"token":"t"}""").RootElement.Clone());
}
