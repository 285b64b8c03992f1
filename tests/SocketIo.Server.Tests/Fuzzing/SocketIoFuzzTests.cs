using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;
using SocketIo.Server.Tests.Fuzzing.Support;
using SocketIo.Server.Tests.Support;
using Xunit.Abstractions;

namespace SocketIo.Server.Tests.Fuzzing;

/// <summary>
/// The Socket.IO decoder, fed scripts of text and binary messages as one connection sends them, every completed packet
/// read as the server reads it, and its arguments bound to the types listeners declare (<see cref="ServerPacketReading"/>).
/// Only <see cref="SocketIoParseException"/> may escape, and a script stops at the first one, as the server closes
/// the connection there.
/// </summary>
/// <remarks>
/// The allocation bound (decoding and the server's reading, not binding) is 64 bytes per input byte plus 16 KB. The
/// JSON DOM costs about 8 bytes per byte (a copy of the text, a 12-byte row per token, and a token can be 2 bytes),
/// attachments are copied once, each argument is boxed (a 32-byte box and an 8-byte slot for as little as 2 bytes, e.g.
/// <c>0,</c>), and JSON holding a placeholder becomes a <c>JsonNode</c> tree: 50-100 bytes for every 2-byte value.
/// </remarks>
public sealed class SocketIoFuzzTests(ITestOutputHelper output)
{
    private static readonly JsonSocketIoParser Parser = new();
    private static readonly SocketIoScriptMutator Mutator = new(new FuzzMutator(SocketIoCorpus.Format), SocketIoCorpus.Scripts);

    private static FuzzTarget<SocketIoScript> Target { get; } = new()
    {
        Name = "JsonPacketDecoder",
        Seeds = SocketIoCorpus.Scripts,
        Generate = Mutator.Next,
        Decode = Decode,
        Inspect = Bind,
        Documented = [typeof(SocketIoParseException)],
        Length = script => script.Length,
        Describe = script => script.Describe(),
        Limits = new FuzzLimits(BytesPerInputByte: 64, ConstantBytes: 16 * 1024),
    };

    /// <summary>Inputs earlier runs found, as scripts (<see cref="SocketIoScript.Parse"/>); each is a regression test.</summary>
    public static TheoryData<string> Findings => new()
    {
        // An event name with lone surrogate escapes: JsonElement.GetString threw InvalidOperationException.
        "t:325B2273755C75646666665C7564383030222C226F6BF09F9880225D",

        // A CONNECT whose auth has a property name with a lone surrogate: TryGetProperty("pid") threw.
        "t:307B225C7564383030223A317D",
    };

    [Fact]
    public void Fuzz_JsonPacketDecoder_only_throws_SocketIoParseException()
    {
        FuzzRunner.Run(Target, defaultIterations: 20_000, output);
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void Fuzz_JsonPacketDecoder_findings_only_throw_SocketIoParseException(string script)
    {
        FuzzRunner.Replay(Target, SocketIoScript.Parse(script));
    }

    private static List<SocketIoArguments> Decode(SocketIoScript script)
    {
        var decoder = Parser.CreateDecoder();
        var arguments = new List<SocketIoArguments>();
        foreach (var message in script.Messages)
        {
            if (decoder.Add(message.Data, message.IsBinary) is { } packet && ServerPacketReading.Read(packet) is { } read)
            {
                arguments.Add(read);
            }
        }

        return arguments;
    }

    private static void Bind(object? decoded)
    {
        var packets = (List<SocketIoArguments>)decoded!;
        for (var i = 0; i < packets.Count; i++)
        {
            ServerPacketReading.Bind(packets[i], everyType: i < 2);
        }
    }
}
