using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Tests.Fuzzing.Support;
using SocketIo.Server.Tests.Support;
using Xunit.Abstractions;
using SocketIo.Adapter.Redis.Tests.Wire;

namespace SocketIo.Adapter.Redis.Tests.Fuzzing;

/// <summary>
/// The notepack codec behind <see cref="IMessagePackCodec"/>, and the conversion of what it decodes into the
/// arguments the server takes (<see cref="DecodedValues.ToArgument"/>). Only <see cref="MessagePackFormatException"/>
/// may escape.
/// </summary>
/// <remarks>
/// Allocation bound: 256 bytes per input byte plus 128 KB. One byte can be a whole container (<c>0x80</c> is an empty
/// map: a dictionary of about 100 bytes, then <c>{}</c> in the JSON the argument is rebuilt from and a 12-byte DOM row
/// per token), and a map key that is a container becomes its JS string (<c>[object Object]</c>, 54 bytes, for one byte).
/// The constant covers the exception of a message truncated at the deepest level (128): its stack trace runs through
/// about three frames per level, some 60 KB (found by a long run: <c>82 82 82 ... a9</c>, 115 bytes).
/// </remarks>
public sealed class MessagePackFuzzTests(ITestOutputHelper output)
{
    private static readonly FuzzMutator Mutator = new(MessagePackCorpus.Format);

    private static FuzzTarget<byte[]> Target { get; } = new()
    {
        Name = "NotepackCodec",
        Seeds = MessagePackCorpus.Values,
        Generate = random => Mutator.Next(random, MessagePackCorpus.Values),
        Decode = static input => DecodedValues.ToArgument(ClassicCodecFixture.MessagePack.Decode(input)),
        Documented = [typeof(MessagePackFormatException)],
        Length = input => input.Length,
        Describe = input => FuzzRunner.Escape(input),
        Limits = new FuzzLimits(BytesPerInputByte: 256, ConstantBytes: 128 * 1024),
    };

    /// <summary>Inputs earlier runs found (hex); each is a regression test.</summary>
    public static TheoryData<string> Findings => new()
    {
        // Nested arrays and maps each declaring the rest of the message: every level reserved room for all of it.
        string.Concat(Enumerable.Repeat("dc00dc", 300)) + new string('0', 200),
        string.Concat(Enumerable.Repeat("dc0400", 120)) + new string('0', 4096),
        string.Concat(Enumerable.Repeat("de0400a161", 120)) + new string('0', 4096),

        // Maps as keys of maps, truncated 115 levels down: the bound's constant (the exception's stack trace).
        string.Concat(Enumerable.Repeat("82", 114)) + "a9",
    };

    [Fact]
    public void Fuzz_NotepackCodec_only_throws_MessagePackFormatException()
    {
        FuzzRunner.Run(Target, defaultIterations: 30_000, output);
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void Fuzz_NotepackCodec_findings_only_throw_MessagePackFormatException(string hex)
    {
        FuzzRunner.Replay(Target, Convert.FromHexString(hex));
    }
}
