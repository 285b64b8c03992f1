using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;

namespace SocketIo.Adapter.Redis.Tests.MessagePack;

public class DecodedValuesTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly NotepackCodec Codec = new(Web);

    private static object? Argument(string hex) => DecodedValues.ToArgument(Codec.Decode(Convert.FromHexString(hex)));

    private static string RawJson(object? argument) => argument.Should().BeOfType<JsonElement>().Subject.GetRawText();

    [Fact]
    public void Values_without_binary_become_json_elements_printed_as_json_stringify_prints_them()
    {
        var decoded = new object?[]
        {
            1L, 1.5, 1e21, 1e-7, 123e-20, -0.0, 2.0, double.NaN, double.PositiveInfinity, long.MaxValue, 18446744073709551616.0,
            "s\"\n", true, null, new Dictionary<string, object?> { ["a"] = Array.Empty<object?>() },
            DateTimeOffset.Parse("2000-06-13T00:00:00.123Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.MinValue,
        };

        RawJson(DecodedValues.ToArgument(decoded)).Should().Be(
            "[1,1.5,1e+21,1e-7,1.23e-18,0,2,null,null,9223372036854775807,18446744073709552000,\"s\\\"\\n\",true,null,{\"a\":[]}," +
            "\"2000-06-13T00:00:00.123Z\",\"0001-01-01T00:00:00.000Z\"]");
    }

    [Fact]
    public void Scalars_become_json_elements_too()
    {
        RawJson(Argument("c0")).Should().Be("null");
        RawJson(Argument("a161")).Should().Be("\"a\"");
        RawJson(Argument("cb3ff8000000000000")).Should().Be("1.5");
        RawJson(Argument("d6ff39457980")).Should().Be("\"2000-06-13T00:00:00.000Z\"");
    }

    [Fact]
    public void A_binary_value_stays_bytes() => Argument("c403010203").Should().BeEquivalentTo(new byte[] { 1, 2, 3 });

    [Fact]
    public void Undefined_is_null_at_the_top_null_in_arrays_and_absent_from_maps()
    {
        Argument("d40000").Should().BeNull();
        RawJson(Argument("92d4000001")).Should().Be("[null,1]");
        RawJson(Argument("82a161d40000a16201")).Should().Be("{\"b\":1}");
    }

    [Fact]
    public void Nested_binary_becomes_a_node_tree_with_byte_array_values()
    {
        var decoded = new Dictionary<string, object?>
        {
            ["a"] = new byte[] { 1, 2 },
            ["b"] = new object?[] { 1L, 1.5, "x", null, true, MessagePackUndefined.Value, double.NaN },
            ["c"] = new Dictionary<string, object?> { ["d"] = new Dictionary<string, object?>() },
            ["e"] = DateTimeOffset.FromUnixTimeSeconds(960854400),
            ["f"] = MessagePackUndefined.Value,
        };

        var node = DecodedValues.ToArgument(decoded).Should().BeAssignableTo<JsonObject>().Subject;

        node.Select(p => p.Key).Should().Equal("a", "b", "c", "e");
        node["a"]!.AsValue().GetValue<byte[]>().Should().Equal(1, 2);
        node["b"]!.ToJsonString().Should().Be("[1,1.5,\"x\",null,true,null,null]");
        node["c"]!["d"].Should().BeOfType<JsonObject>();
        node["e"]!.GetValue<JsonElement>().GetString().Should().Be("2000-06-13T00:00:00.000Z");
    }

    [Fact]
    public void An_unknown_extension_is_the_type_and_bytes_array_notepack_gives()
    {
        var node = Argument("d5050102").Should().BeAssignableTo<JsonArray>().Subject;

        node[0]!.GetValue<long>().Should().Be(5);
        node[1]!.GetValue<byte[]>().Should().Equal(1, 2);
    }

    [Fact]
    public void Json_as_deep_as_the_decoder_accepts_is_built()
    {
        var bytes = Enumerable.Repeat((byte)0x91, NotepackDecoder.MaxDepth).Append((byte)0x01).ToArray();

        var element = DecodedValues.ToArgument(Codec.Decode(bytes)).Should().BeOfType<JsonElement>().Subject;

        element.GetRawText().Should().Be(new string('[', NotepackDecoder.MaxDepth) + "1" + new string(']', NotepackDecoder.MaxDepth));
    }

    [Fact]
    public void Arguments_of_a_relayed_broadcast_reach_clients_as_node_would_send_them()
    {
        // The classic broadcast of protocol-notes §5.6: packet {type: 2, data: ["chat", "hi", 1.5, <Buffer 01 02>], nsp: "/"}.
        var message = (object?[])Codec.Decode(Convert.FromHexString(
            "93a6416243313233" + "83a474797065" + "02a46461746194a463686174a26869cb3ff8000000000000c4020102a36e7370a12f" +
            "83a5726f6f6d7391a56c6f626279a6657863657074" + "90a5666c61677380"))!;
        var data = (object?[])((Dictionary<string, object?>)message[1]!)["data"]!;
        var arguments = data[1..].Select(DecodedValues.ToArgument).ToArray();

        var messages = new JsonSocketIoParser().Encode(SocketIoPacketType.Event, "/", null, SocketIoPayload.FromEvent((string)data[0]!, arguments));

        messages.Should().HaveCount(2);
        Encoding.UTF8.GetString(messages[0].Wire.Span).Should().Be("451-[\"chat\",\"hi\",1.5,{\"_placeholder\":true,\"num\":0}]");
        messages[1].Wire.ToArray().Should().Equal(1, 2);
    }

    [Fact]
    public void Received_arguments_bind_to_dotnet_types()
    {
        // {name: "x", data: {1: 1, a: 1}, at: Date}
        var argument = Argument("83a46e616d65a178a464617461820101a16101a26174d6ff39457980");

        var bound = ((JsonElement)argument!).Deserialize<Bound>(Web);

        bound.Should().Be(new Bound("x", new Dictionary<string, int> { ["1"] = 1, ["a"] = 1 }, DateTimeOffset.Parse("2000-06-13T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }

    public sealed record Bound(string Name, Dictionary<string, int> Data, DateTimeOffset At)
    {
        public bool Equals(Bound? other) =>
            other is not null && Name == other.Name && Data.SequenceEqual(other.Data) && At == other.At;

        public override int GetHashCode() => HashCode.Combine(Name, At);
    }
}
