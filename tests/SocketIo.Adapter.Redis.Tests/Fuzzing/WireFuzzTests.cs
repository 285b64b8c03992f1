using System.Text.RegularExpressions;
using SocketIo.Adapter.Redis.Tests.Fuzzing.Support;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;
using SocketIo.Server.Tests.Support;
using Xunit.Abstractions;
using SocketIo.Adapter.Redis.Tests.Wire;
using static SocketIo.Adapter.Redis.Tests.Wire.ClassicCodecFixture;

namespace SocketIo.Adapter.Redis.Tests.Fuzzing;

/// <summary>
/// The classic and sharded message codecs, on what arrives on their channels (JSON or MessagePack). Both are
/// documented never to throw: bad input comes back as a dropped message. The classic codec also keeps a catch-all for
/// "a value the readers let through but the conversions reject (or a bug)"; an exception caught there counts as a
/// finding too. A decoded broadcast is then encoded for local clients, as the adapter delivers it.
/// </summary>
/// <remarks>
/// Allocation bound: 256 bytes per input byte plus 128 KB, as for <see cref="MessagePackFuzzTests"/> (a one-byte
/// container costs a dictionary or an array and its JSON form; an exception at the deepest level, its stack trace),
/// and JSON's <c>{}</c> is a dictionary for 2 bytes.
/// </remarks>
public sealed partial class WireFuzzTests(ITestOutputHelper output)
{
    private static readonly FuzzMutator Mutator = new(WireCorpus.Format);
    private static readonly ClassicMessageCodec Classic = Codec();
    private static readonly ShardedMessageCodec Sharded = new(ClassicCodecFixture.MessagePack, Json);
    private static readonly JsonSocketIoParser Parser = new();

    private static FuzzTarget<byte[]> ClassicTarget { get; } = Target("ClassicMessageCodec", WireCorpus.Classic, DecodeClassic);

    private static FuzzTarget<byte[]> ShardedTarget { get; } = Target("ShardedMessageCodec", WireCorpus.Sharded, input => Sharded.Decode(input, out _));

    [Fact]
    public void Fuzz_ClassicMessageCodec_never_throws()
    {
        FuzzRunner.Run(ClassicTarget, defaultIterations: 30_000, output);
    }

    [Fact]
    public void Fuzz_ShardedMessageCodec_never_throws()
    {
        FuzzRunner.Run(ShardedTarget, defaultIterations: 30_000, output);
    }

    private static FuzzTarget<byte[]> Target(string name, IReadOnlyList<byte[]> seeds, Func<byte[], object?> decode) => new()
    {
        Name = name,
        Seeds = seeds,
        Generate = random => Mutator.Next(random, seeds),
        Decode = decode,
        Inspect = Deliver,
        Length = input => input.Length,
        Describe = input => FuzzRunner.Escape(input),
        Limits = new FuzzLimits(BytesPerInputByte: 256, ConstantBytes: 128 * 1024),
    };

    private static object? DecodeClassic(byte[] input)
    {
        if (input.Length == 0)
        {
            return null;
        }

        var channel = WireCorpus.ClassicChannels[input[0] % WireCorpus.ClassicChannels.Count];
        var inbound = Classic.Decode(channel, input.AsMemory(1));
        if (inbound is ClassicDropped { Reason: ClassicDropped.Invalid } dropped && CaughtByTheCatchAll().IsMatch(dropped.Detail))
        {
            throw new FuzzSwallowedException(dropped.Detail);
        }

        return inbound is ClassicClusterMessage cluster ? cluster.Message : null;
    }

    // What NamespaceAdapter does with a broadcast from another node: encode it once for the local recipients.
    private static void Deliver(object? decoded)
    {
        if (decoded is ClusterMessage { Data: BroadcastData broadcast } message)
        {
            Parser.Encode(SocketIoPacketType.Event, message.Namespace, null, SocketIoPayload.FromEvent(broadcast.Packet.EventName, broadcast.Packet.ArgumentMemory));
        }
    }

    [GeneratedRegex(@"^\w+Exception: ")]
    private static partial Regex CaughtByTheCatchAll();
}
