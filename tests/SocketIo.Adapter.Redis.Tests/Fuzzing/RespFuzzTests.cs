using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Fuzzing.Support;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server.Tests.Support;
using Xunit.Abstractions;

namespace SocketIo.Adapter.Redis.Tests.Fuzzing;

/// <summary>
/// The RESP reader on what a server sends, cut into segments as a pipe delivers it, every frame then taken through
/// the subscriber's pub/sub dispatch (messages of subscribed channels reach a handler) and read as a reply is read.
/// Only <see cref="RespProtocolException"/> may escape.
/// </summary>
/// <remarks>
/// Allocation bound: 64 bytes per input byte plus 16 KB. An element costs a 16-byte <see cref="RespValue"/> slot (twice:
/// read, then detached) for as little as 3 bytes (<c>_\r\n</c>), text is copied when it spans segments and when
/// detached, and an error reply is read as a string: UTF-8 decoding costs the runtime about 34 bytes per invalid byte
/// (found by a long run: an 8 KB error line of <c>0xff</c>).
/// </remarks>
public sealed class RespFuzzTests(ITestOutputHelper output)
{
    private static readonly FuzzMutator Mutator = new(RespCorpus.Format);
    private static readonly RespSubscriber Subscriber = CreateSubscriber();

    private static FuzzTarget<RespInput> Target { get; } = new()
    {
        Name = "RespReader",
        Seeds = [.. RespCorpus.Frames.Select(f => new RespInput(f, 0)), .. RespCorpus.Frames.Select(f => new RespInput(f, 1))],
        Generate = random => new RespInput(Mutator.Next(random, RespCorpus.Frames), random.OneIn(2) ? 0 : 1 + random.Next(16)),
        Decode = input => Read(input),
        Documented = [typeof(RespProtocolException)],
        Length = input => input.Bytes.Length,
        Describe = input => $"segments of {input.SegmentLength} bytes (0: one segment): {FuzzRunner.Escape(input.Bytes)}",
        Limits = new FuzzLimits(BytesPerInputByte: 64, ConstantBytes: 16 * 1024),
    };

    /// <summary>Inputs earlier runs found (segment length, text as Latin-1: one char per byte); each is a regression test.</summary>
    public static TheoryData<int, string> Findings => new()
    {
        // An attribute of 2^62 pairs: doubled, the count overflowed and creating the array threw OverflowException.
        { 0, "|4611686018427387904\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n" },
        { 3, "%9223372036854775807\r\n" },

        // A nest announcing the rest of the buffer at every level: each level reserved room for all of it.
        { 0, string.Concat(Enumerable.Repeat("*1000\r\n", 31)) + string.Concat(Enumerable.Repeat("_\r\n", 1000)) },

        // An error line of invalid UTF-8: the bound's factor (the runtime's replacement decoding).
        { 0, "-ERR " + new string('\u00ff', 4000) + "\r\n" },
    };

    [Fact]
    public void Fuzz_RespReader_only_throws_RespProtocolException()
    {
        FuzzRunner.Run(Target, defaultIterations: 30_000, output);
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void Fuzz_RespReader_findings_only_throw_RespProtocolException(int segmentLength, string text)
    {
        FuzzRunner.Replay(Target, new RespInput(System.Text.Encoding.Latin1.GetBytes(text), segmentLength));
    }

    private static int Read(RespInput input)
    {
        var reader = new SequenceReader<byte>(input.Sequence);
        var frames = 0;
        while (RespReader.TryRead(ref reader, out var frame))
        {
            if (!Subscriber.Filter(in frame))
            {
                // A reply: completed commands get a detached copy; errors are read as text.
                _ = frame.IsAggregate ? frame.Detach().Count : frame.AsString()?.Length;
            }

            frames++;
        }

        return frames;
    }

    private static RespSubscriber CreateSubscriber()
    {
        var subscriber = new RespSubscriber(NullLogger.Instance);
        static void Handler(string channel, ReadOnlySpan<byte> payload) => _ = channel.Length + payload.Length;
        foreach (var channel in new[] { new RedisChannel("socket.io#/#", RedisChannelKind.Literal), new RedisChannel("socket.io#/#*", RedisChannelKind.Pattern), new RedisChannel("socket.io#/#", RedisChannelKind.Sharded) })
        {
            subscriber.SubscribeAsync(channel, Handler, CancellationToken.None).GetAwaiter().GetResult();
        }

        return subscriber;
    }

    /// <summary>Received bytes, and how the pipe delivers them.</summary>
    /// <param name="Bytes">The bytes.</param>
    /// <param name="SegmentLength">The length of each segment; 0 for all in one.</param>
    internal sealed record RespInput(byte[] Bytes, int SegmentLength)
    {
        public ReadOnlySequence<byte> Sequence { get; } = SegmentLength == 0
            ? new ReadOnlySequence<byte>(Bytes)
            : ByteSequences.Of(ByteSequences.Cut(Bytes, Enumerable.Repeat(SegmentLength, (Bytes.Length / SegmentLength) + 1)));
    }
}
