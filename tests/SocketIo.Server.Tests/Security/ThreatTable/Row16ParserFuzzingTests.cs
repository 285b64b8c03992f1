using System.Text;
using SocketIo.Server.Engine.Protocol;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;
using Xunit.Abstractions;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 16: every decoder that reads client bytes, fed random and mutated inputs. Each input is decoded or refused
/// with the decoder's documented exception (the Engine.IO decoders refuse by return value and may not throw at all),
/// in under 10 ms and within 16 × its length (+64 KB) of allocations. A bounded run is part of the suite;
/// <c>SOCKETIO_FUZZ_ITERATIONS=1000000 dotnet test --filter Row16</c> runs longer. The Redis adapter's decoders have
/// the same harness in its test project.
/// </summary>
public class Row16ParserFuzzingTests(ITestOutputHelper output)
{
    private const int DefaultIterations = 5_000;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(10);

    private static readonly byte[][] Corpus = new[]
    {
        "0", "1", "2", "3", "4", "5", "6", "2probe", "3probe", "4hello", "bAQIDBA==",
        "0{\"sid\":\"x\"}", "40", "40{\"token\":\"123\"}", "40/custom,", "40/custom,{\"token\":\"abc\"}", "41", "41/custom,",
        "42[\"message\",1,\"2\",{\"3\":[true]}]", "42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]",
        "43456[1,\"2\",{\"3\":[false]}]", "44{\"message\":\"Invalid namespace\"}", "44/random,{\"message\":\"m\",\"data\":[1]}",
        "452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        "452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        "462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        "42[\"a\",1.5e300,-0,\"\\ud83d\\ude00\",null,true,{\"k\":[[],{}]}]", "4test1\u001e4test2\u001e4test3", "4hello\u001ebAQIDBA==",
    }.Select(Encoding.UTF8.GetBytes).ToArray();

    [Fact]
    public void Row_16_engine_io_text_packets_decode_or_are_refused_without_throwing()
    {
        var fuzzer = new DecoderFuzzer(Corpus);

        var report = fuzzer.Run(
            DecoderFuzzer.Iterations(DefaultIterations),
            input => EnginePacketDecoder.TryDecodeText(input, out _),
            isDocumented: _ => false,
            TimeLimit,
            allocationFactor: 16);

        output.WriteLine("Engine.IO packets: " + report);
    }

    [Fact]
    public void Row_16_engine_io_polling_payloads_decode_or_stop_at_the_bad_record_without_throwing()
    {
        var fuzzer = new DecoderFuzzer(Corpus);

        var report = fuzzer.Run(
            DecoderFuzzer.Iterations(DefaultIterations),
            input =>
            {
                var reader = new PollingPayloadReader(input);
                while (reader.TryRead(out _))
                {
                }
            },
            isDocumented: _ => false,
            TimeLimit,
            allocationFactor: 16);

        output.WriteLine("Engine.IO polling payloads: " + report);
    }

    [Fact]
    public void Row_16_socket_io_packets_decode_or_throw_only_the_parse_exception()
    {
        var fuzzer = new DecoderFuzzer(Corpus.Select(c => c.AsSpan(1).ToArray()).ToArray());
        var parser = new JsonSocketIoParser();

        var report = fuzzer.Run(
            DecoderFuzzer.Iterations(DefaultIterations),
            input => parser.CreateDecoder().Add(input, isBinary: false),
            isDocumented: ex => ex is SocketIoParseException,
            TimeLimit,
            allocationFactor: 16);

        output.WriteLine("Socket.IO packets: " + report);
    }

    [Fact]
    public void Row_16_socket_io_frame_sequences_with_binary_attachments_decode_or_throw_only_the_parse_exception()
    {
        // One input is a script of frames split at U+001E: "b..." frames are binary, the others text.
        var fuzzer = new DecoderFuzzer(Corpus.Select(c => c.AsSpan(1).ToArray()).Concat(
            new[] { "52-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]\u001eb\u0001\u001eb\u0002\u001e2[\"x\"]" }
                .Select(Encoding.UTF8.GetBytes)).ToArray());
        var parser = new JsonSocketIoParser();

        var report = fuzzer.Run(
            DecoderFuzzer.Iterations(DefaultIterations),
            input =>
            {
                var decoder = parser.CreateDecoder();
                foreach (var frame in Split(input))
                {
                    var isBinary = frame.Length > 0 && frame.Span[0] == (byte)'b';
                    decoder.Add(isBinary ? frame[1..] : frame, isBinary);
                }
            },
            isDocumented: ex => ex is SocketIoParseException,
            TimeLimit,
            allocationFactor: 16);

        output.WriteLine("Socket.IO frame sequences: " + report);
    }

    [Fact]
    public async Task Row_16_mutated_packets_over_a_real_connection_only_ever_close_that_connection()
    {
        await using var server = await SocketIoThreatServer.StartAsync();
        var fuzzer = new DecoderFuzzer(Corpus.Where(c => c.Length > 1 && c[0] == (byte)'4').ToArray(), maxLength: 8 * 1024);
        var iterations = DecoderFuzzer.Iterations(300);
        var client = await JoinedClientAsync(server);
        var closes = 0;
        try
        {
            for (var i = 0; i < iterations; i++)
            {
                // The input, then a probe: the probe's echo shows the connection survived, a close that it did not.
                await client.SendAsync(Encoding.UTF8.GetString(fuzzer.Next()));
                await client.SendAsync($"42[\"echo\",{i}]");
                if (!await SurvivedAsync(client, $"42[\"echo-back\",{i}]"))
                {
                    closes++;
                    await client.DisposeAsync();
                    client = await JoinedClientAsync(server);
                }
            }
        }
        finally
        {
            await client.DisposeAsync();
        }

        output.WriteLine($"{iterations} inputs over the wire (seed {fuzzer.Seed}), {closes} closed their connection");
        await server.AssertAliveAsync();
    }

    private static async Task<bool> SurvivedAsync(RawSocketIoClient client, string probeEcho)
    {
        try
        {
            while (true)
            {
                var frame = await client.ReceiveAsync();
                if (frame == probeEcho)
                {
                    return true;
                }

                if (frame is "<closed>" or "1")
                {
                    return false;
                }
            }
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            return false;
        }
    }

    private static async Task<RawSocketIoClient> JoinedClientAsync(SocketIoThreatServer server)
    {
        var client = await RawSocketIoClient.ConnectAsync(server.Server);
        await client.JoinAsync();
        return client;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Split(byte[] input)
    {
        var start = 0;
        for (var i = 0; i <= input.Length; i++)
        {
            if (i == input.Length || input[i] == 0x1e)
            {
                yield return input.AsMemory(start, i - start);
                start = i + 1;
            }
        }
    }
}
