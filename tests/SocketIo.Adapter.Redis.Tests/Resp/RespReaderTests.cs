using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Resp.Support;
using SocketIo.Adapter.Redis.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Resp;

public class RespReaderTests
{
    // Each frame with how RespValue.ToString shows what was read.
    public static TheoryData<string, string> Frames => new()
    {
        { "+OK\r\n", "SimpleString(OK)" },
        { "+\r\n", "SimpleString()" },
        { "-ERR unknown command\r\n", "Error(ERR unknown command)" },
        { ":0\r\n", "Integer(0)" },
        { ":-9223372036854775808\r\n", "Integer(-9223372036854775808)" },
        { ":9223372036854775807\r\n", "Integer(9223372036854775807)" },
        { "$5\r\nhello\r\n", "BulkString(hello)" },
        { "$0\r\n\r\n", "BulkString()" },
        { "$4\r\na\r\nb\r\n", "BulkString(a\r\nb)" },
        { "$-1\r\n", "(null)" },
        { "*-1\r\n", "(null)" },
        { "*0\r\n", "Array[]" },
        { "*3\r\n:1\r\n$1\r\na\r\n*1\r\n+x\r\n", "Array[Integer(1), BulkString(a), Array[SimpleString(x)]]" },
        { "_\r\n", "(null)" },
        { "#t\r\n", "Boolean(true)" },
        { "#f\r\n", "Boolean(false)" },
        { ",1.5\r\n", "Double(1.5)" },
        { ",-2\r\n", "Double(-2)" },
        { ",1e10\r\n", "Double(10000000000)" },
        { ",inf\r\n", "Double(Infinity)" },
        { ",-inf\r\n", "Double(-Infinity)" },
        { ",nan\r\n", "Double(NaN)" },
        { "(3492890328409238509324850943850943825024385\r\n", "BigNumber(3492890328409238509324850943850943825024385)" },
        { "(-12\r\n", "BigNumber(-12)" },
        { "!21\r\nSYNTAX invalid syntax\r\n", "BulkError(SYNTAX invalid syntax)" },
        { "=15\r\ntxt:Some string\r\n", "VerbatimString(Some string)" },
        { "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n", "Map[SimpleString(first), Integer(1), SimpleString(second), Integer(2)]" },
        { "~2\r\n+a\r\n#t\r\n", "Set[SimpleString(a), Boolean(true)]" },
        { ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$3\r\nabc\r\n", "Push[BulkString(message), BulkString(ch), BulkString(abc)]" },
        { "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n", "Array[Integer(2039123), Integer(9543892)]" },
        { "*2\r\n|1\r\n+ttl\r\n:3600\r\n$1\r\nk\r\n:7\r\n", "Array[BulkString(k), Integer(7)]" },
    };

    public static TheoryData<string, string> MalformedFrames => new()
    {
        { "?5\r\n", "unknown type byte 0x3F" },
        { "+OK\rX", "CR not followed by LF" },
        { ":12a\r\n", "invalid integer" },
        { ":\r\n", "invalid integer" },
        { "$-2\r\n", "BulkString length of -2" },
        { $"${512L * 1024 * 1024 + 1}\r\n", "BulkString length of 536870913" },
        { "$3\r\nabcXY", "not followed by CRLF" },
        { "$?\r\n", "invalid length" },
        { "*-2\r\n", "Array length of -2" },
        { "%-1\r\n", "Map length of -1" },
        { $"*{(1 << 24) + 1}\r\n", "Array length of 16777217" },
        { $"%{1 << 23 | 1}\r\n", "Map length of 8388609" },
        { "!-1\r\n", "BulkError length of -1" },
        { "#x\r\n", "boolean other than t or f" },
        { "#tt\r\n", "boolean other than t or f" },
        { ",abc\r\n", "invalid double" },
        { ",\r\n", "invalid double" },
        { "(12x\r\n", "invalid big number" },
        { "(-\r\n", "invalid big number" },
        { "_x\r\n", "null with content" },
        { "=3\r\ntxt\r\n", "verbatim string without its format" },
        { "=5\r\ntxt;x\r\n", "verbatim string without its format" },

        // Found by the fuzzer: doubled for keys and values, these counts overflowed to a negative length
        // (OverflowException creating the array) instead of being refused.
        { "%4611686018427387904\r\n", "Map length of 4611686018427387904" },
        { "|4611686018427387904\r\n+k\r\n", "Map length of 4611686018427387904" },
        { "%9223372036854775807\r\n", "Map length of 9223372036854775807" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Reads_each_RESP2_and_RESP3_type(string wire, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));

        RespReader.TryRead(ref reader, out var value).Should().BeTrue();

        value.ToString().Should().Be(expected);
        reader.End.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Waits_for_the_rest_of_an_incomplete_frame(string wire, string expected)
    {
        _ = expected;
        var bytes = Encoding.UTF8.GetBytes(wire);
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));

            RespReader.TryRead(ref reader, out _).Should().BeFalse($"only {length} of {bytes.Length} bytes arrived");
            reader.Consumed.Should().Be(0);
        }
    }

    [Fact]
    public void Reads_the_same_frames_whichever_byte_the_data_is_split_at()
    {
        var frames = Frames.Select(row => (Wire: (string)row[0], Expected: (string)row[1])).ToArray();
        var stream = Encoding.UTF8.GetBytes(string.Concat(frames.Select(f => f.Wire)));

        for (var split = 0; split <= stream.Length; split++)
        {
            var reader = new SequenceReader<byte>(ByteSequences.Of(stream[..split], stream[split..]));
            var read = new List<string>();
            while (RespReader.TryRead(ref reader, out var value))
            {
                read.Add(value.ToString());
            }

            read.Should().Equal(frames.Select(f => f.Expected), $"split at byte {split}");
            reader.End.Should().BeTrue();
        }
    }

    [Fact]
    public void Borrows_a_contiguous_payload_and_detaching_copies_it()
    {
        var bytes = "$3\r\nabc\r\n"u8.ToArray();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        RespReader.TryRead(ref reader, out var borrowed).Should().BeTrue();

        var detached = borrowed.Detach();
        bytes[4] = (byte)'X';

        borrowed.AsString().Should().Be("Xbc");
        detached.AsString().Should().Be("abc");
    }

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public void Rejects_malformed_frames_and_absurd_lengths(string wire, string reason)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);

        var read = () =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            RespReader.TryRead(ref reader, out _);
        };

        read.Should().Throw<RespProtocolException>().WithMessage($"*{reason}*");
    }

    [Fact]
    public void Allocates_nothing_for_an_announced_aggregate_before_its_bytes_arrive()
    {
        // A server announcing 16 million elements gets no 640 MB array for it: the frame is merely incomplete.
        var bytes = Encoding.ASCII.GetBytes($"*{1 << 24}\r\n:1\r\n");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));

        RespReader.TryRead(ref reader, out _).Should().BeFalse();

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1024 * 1024);
    }

    // Found by the fuzzer's bounds: each level of a nest reserved room for as many items as the rest of the buffer
    // could hold, about 385 bytes per buffer byte, paid again on every read while the frame was incomplete.
    [Fact]
    public void A_nest_of_aggregates_announcing_the_rest_of_the_buffer_reserves_no_more_than_the_buffer()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1000\r\n", 31)) + string.Concat(Enumerable.Repeat("_\r\n", 1000)));
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        RespReader.TryRead(ref reader, out _).Should().BeFalse();

        var before = GC.GetAllocatedBytesForCurrentThread();
        reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        RespReader.TryRead(ref reader, out _).Should().BeFalse();

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(64L * bytes.Length);
    }

    [Fact]
    public void Rejects_nesting_deeper_than_the_limit()
    {
        var deep = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", RespReader.MaxDepth + 1)) + ":1\r\n");
        var allowed = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", RespReader.MaxDepth)) + ":1\r\n");

        var readDeep = () =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(deep));
            RespReader.TryRead(ref reader, out _);
        };
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(allowed));

        readDeep.Should().Throw<RespProtocolException>().WithMessage("*nested deeper than 32*");
        RespReader.TryRead(ref reader, out _).Should().BeTrue();
    }

    [Fact]
    public void Rejects_a_line_that_never_ends()
    {
        var bytes = Encoding.ASCII.GetBytes("+" + new string('a', RespReader.MaxLineLength + 1));
        var read = () =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            RespReader.TryRead(ref reader, out _);
        };

        read.Should().Throw<RespProtocolException>().WithMessage("*line longer than*");
    }

    [Fact]
    public void Any_value_reads_back_as_written()
    {
        Prop.ForAll(RespSamples.Values.ToArbitrary(), value =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(RespSamples.Encode(value)));
            return RespReader.TryRead(ref reader, out var read) && reader.End && RespSamples.DeepEquals(read, value);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_stream_of_values_reads_back_whatever_pieces_it_arrives_in()
    {
        var samples = Gen.Zip(Gen.NonEmptyListOf(RespSamples.Values), Gen.NonEmptyListOf(Gen.Choose(1, 40)));
        Prop.ForAll(samples.ToArbitrary(), sample =>
        {
            var (values, sizes) = sample;
            var stream = values.SelectMany(RespSamples.Encode).ToArray();
            var read = ReadThroughPipe(ByteSequences.Cut(stream, sizes));
            return read.Count == values.Count && read.Zip(values).All(pair => RespSamples.DeepEquals(pair.First, pair.Second));
        }).QuickCheckThrowOnFailure();
    }

    // As the connection's reading loop does: whatever arrived is parsed as far as it goes, the rest waits for more.
    private static List<RespValue> ReadThroughPipe(byte[][] pieces)
    {
        var pipe = new Pipe();
        var read = new List<RespValue>();
        foreach (var piece in pieces)
        {
            pipe.Writer.Write(piece);
            pipe.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
            pipe.Reader.TryRead(out var result).Should().BeTrue();
            var reader = new SequenceReader<byte>(result.Buffer);
            while (RespReader.TryRead(ref reader, out var value))
            {
                read.Add(value.Detach());
            }

            pipe.Reader.AdvanceTo(reader.Position, result.Buffer.End);
        }

        return read;
    }
}
