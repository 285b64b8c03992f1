using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SocketIo.Server.Engine;
using SocketIo.Server.Engine.Protocol;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine.Protocol;

public class PollingPayloadTests
{
    private static List<(EnginePacketType Type, string Text, byte[] Bytes, bool IsBinary)> Read(string payload, out bool failed)
    {
        var reader = new PollingPayloadReader(Encoding.UTF8.GetBytes(payload));
        var packets = new List<(EnginePacketType, string, byte[], bool)>();
        while (reader.TryRead(out var packet))
        {
            packets.Add((packet.Type, Encoding.UTF8.GetString(packet.Data.Span), packet.Data.ToArray(), packet.IsBinary));
        }

        failed = reader.Failed;
        return packets;
    }

    private static string Write(params EngineMessage[] messages)
    {
        var length = messages.Length - 1 + messages.Sum(m => PollingPayloadWriter.MeasureRecord(m.Length, m.IsBinary));
        var buffer = new byte[length];
        var offset = 0;
        for (var i = 0; i < messages.Length; i++)
        {
            if (i > 0)
            {
                buffer[offset++] = 0x1E;
            }

            offset += PollingPayloadWriter.WriteRecord(messages[i].Wire.Span, messages[i].IsBinary, buffer.AsSpan(offset));
        }

        offset.Should().Be(length);
        return Encoding.UTF8.GetString(buffer);
    }

    [Fact]
    public void Reads_text_and_base64_binary_records_of_the_spec_example()
    {
        var packets = Read("4hello\u001ebAQIDBA==", out var failed);

        failed.Should().BeFalse();
        packets.Should().HaveCount(2);
        packets[0].Type.Should().Be(EnginePacketType.Message);
        packets[0].Text.Should().Be("hello");
        packets[0].IsBinary.Should().BeFalse();
        packets[1].Type.Should().Be(EnginePacketType.Message);
        packets[1].IsBinary.Should().BeTrue();
        packets[1].Bytes.Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public void Reads_every_packet_type_and_empty_data()
    {
        var packets = Read("2\u001e3probe\u001e4\u001e5\u001e6\u001e1", out var failed);

        failed.Should().BeFalse();
        packets.Select(p => p.Type).Should().Equal(
            EnginePacketType.Ping, EnginePacketType.Pong, EnginePacketType.Message,
            EnginePacketType.Upgrade, EnginePacketType.Noop, EnginePacketType.Close);
        packets[1].Text.Should().Be("probe");
        packets[2].Text.Should().BeEmpty();
    }

    [Fact]
    public void Keeps_multibyte_utf8_intact()
    {
        var packets = Read("4€😀\u001e4مرحبا", out _);

        packets.Select(p => p.Text).Should().Equal("€😀", "مرحبا");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("7hello")]
    [InlineData("")]
    [InlineData("b!!!")]
    [InlineData("bAQIDBA")]
    public void Rejects_a_malformed_record(string payload)
    {
        var packets = Read(payload, out var failed);

        packets.Should().BeEmpty();
        failed.Should().Be(payload.Length > 0);
    }

    [Fact]
    public void Stops_at_the_first_invalid_record_after_handing_out_the_valid_ones()
    {
        var packets = Read("4one\u001e4two\u001ex\u001e4three", out var failed);

        packets.Select(p => p.Text).Should().Equal("one", "two");
        failed.Should().BeTrue();
    }

    [Fact]
    public void An_empty_record_between_separators_is_invalid()
    {
        Read("4a\u001e\u001e4b", out var failed).Should().ContainSingle();
        failed.Should().BeTrue();
    }

    [Fact]
    public void Writes_the_spec_example()
    {
        Write(EngineMessage.Text("hello"), EngineMessage.Binary([1, 2, 3, 4])).Should().Be("4hello\u001ebAQIDBA==");
        Write(EngineMessage.Text("test1"), EngineMessage.Text("test2"), EngineMessage.Text("test3"))
            .Should().Be("4test1\u001e4test2\u001e4test3");
        Write(EngineMessage.Ping).Should().Be("2");
    }

    [Fact]
    public void Writing_then_reading_gives_back_the_same_messages()
    {
        var message = ArbMap.Default.GeneratorFor<string>()
            .Where(s => s is not null && !s.Contains('\u001e', StringComparison.Ordinal) && !Utf16Text.HasLoneSurrogate(s))
            .Select(s => (Text: s, Binary: (byte[]?)null))
            .Or(ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null).Select(b => (Text: (string?)null!, Binary: (byte[]?)b)));

        Prop.ForAll(Gen.NonEmptyListOf(message).ToArbitrary(), items =>
        {
            var messages = items.Select(i => i.Binary is { } b ? EngineMessage.Binary(b) : EngineMessage.Text(i.Text!)).ToArray();
            var packets = Read(Write(messages), out var failed);
            return !failed
                && packets.Count == items.Count
                && items.Zip(packets).All(pair => pair.First.Binary is { } bytes
                    ? pair.Second.IsBinary && pair.Second.Bytes.SequenceEqual(bytes)
                    : !pair.Second.IsBinary && pair.Second.Text == pair.First.Text);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Arbitrary_bytes_never_throw_and_every_packet_read_lies_within_the_input()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            bytes ??= [];
            var reader = new PollingPayloadReader(bytes);
            var read = 0;
            while (reader.TryRead(out var packet))
            {
                read++;
                if (!packet.IsBinary && packet.Data.Length >= bytes.Length)
                {
                    return false;
                }
            }

            return read <= bytes.Length + 1;
        }).QuickCheckThrowOnFailure();
    }
}
