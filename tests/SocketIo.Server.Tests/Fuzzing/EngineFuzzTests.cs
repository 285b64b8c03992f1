using SocketIo.Server.Engine.Protocol;
using SocketIo.Server.Tests.Fuzzing.Support;
using SocketIo.Server.Tests.Support;
using Xunit.Abstractions;

namespace SocketIo.Server.Tests.Fuzzing;

/// <summary>
/// The Engine.IO decoders report bad input by their result (false, <see cref="PollingPayloadReader.Failed"/>) and
/// throw nothing. Bounds: the text decoder allocates nothing; the polling reader allocates the decoded base64 of each
/// binary record, an array whose 24-byte header is paid for as little as 2 bytes of input (<c>b</c> and the
/// separator), so 16 bytes per input byte plus a few hundred bytes of slack.
/// </summary>
public sealed class EngineFuzzTests(ITestOutputHelper output)
{
    private static readonly FuzzMutator Mutator = new(EngineCorpus.Format);

    [Fact]
    public void Fuzz_PollingPayloadReader_never_throws()
    {
        FuzzRunner.Run(Bytes("PollingPayloadReader", EngineCorpus.PollingBodies, ReadPollingBody), defaultIterations: 30_000, output);
    }

    [Fact]
    public void Fuzz_EnginePacketDecoder_never_throws()
    {
        FuzzRunner.Run(Bytes("EnginePacketDecoder", EngineCorpus.PollingBodies, DecodeFrame), defaultIterations: 30_000, output);
    }

    private static FuzzTarget<byte[]> Bytes(string name, IReadOnlyList<byte[]> seeds, Func<byte[], object?> decode) => new()
    {
        Name = name,
        Seeds = seeds,
        Generate = random => Mutator.Next(random, seeds),
        Decode = decode,
        Length = input => input.Length,
        Describe = input => FuzzRunner.Escape(input),
        Limits = new FuzzLimits(BytesPerInputByte: 16, ConstantBytes: 512),
    };

    private static object? ReadPollingBody(byte[] body)
    {
        var reader = new PollingPayloadReader(body);
        var count = 0;
        while (reader.TryRead(out var packet))
        {
            count += packet.IsProbe ? 2 : 1;
        }

        return reader.Failed ? null : count;
    }

    // One WebSocket message, as text and as binary.
    private static object? DecodeFrame(byte[] frame)
    {
        var text = EnginePacketDecoder.TryDecodeText(frame, out var packet) && packet.IsProbe;
        return text || EnginePacketDecoder.DecodeBinary(frame).IsProbe ? null : frame;
    }
}
