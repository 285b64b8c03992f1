using System.Text;
using SocketIo.Server.Tests.Fuzzing.Support;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;
using Xunit.Abstractions;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 16: every decoder that reads client bytes is fuzzed in process by the harness in <c>Fuzzing/</c> (both test
/// projects: Engine.IO packets and polling payloads, Socket.IO packet scripts, MessagePack, RESP, classic and sharded
/// cluster messages; <c>FUZZ_SECONDS</c>/<c>FUZZ_ITERATIONS</c> run longer). This row adds the end-to-end view: mutated
/// packets sent over a real WebSocket only ever close that connection, and the server keeps serving others.
/// </summary>
public class Row16ParserFuzzingTests(ITestOutputHelper output)
{
    // Inputs stay under 8 KB: each one is a WebSocket message, and the point is the server's reaction, not the size limit.
    private static readonly FuzzFormat WireFormat = new()
    {
        Tokens = SocketIoCorpus.Format.Tokens,
        Numbers = SocketIoCorpus.Format.Numbers,
        NestOpen = SocketIoCorpus.Format.NestOpen,
        NestClose = SocketIoCorpus.Format.NestClose,
        MaxLength = 8 * 1024,
    };

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
    public async Task Row_16_mutated_packets_over_a_real_connection_only_ever_close_that_connection()
    {
        await using var server = await SocketIoThreatServer.StartAsync();
        var seeds = Corpus.Where(c => c.Length > 1 && c[0] == (byte)'4').ToArray();
        var mutator = new FuzzMutator(WireFormat);
        var settings = FuzzSettings.FromEnvironment(defaultIterations: 300);
        var iterations = settings.Iterations;
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        long sent = 0;
        var client = await JoinedClientAsync(server);
        var closes = 0;
        try
        {
            for (long i = 0; i < iterations && (settings.Duration is not { } duration || elapsed.Elapsed < duration); i++)
            {
                // The input, then a probe: the probe's echo shows the connection survived, a close that it did not.
                await client.SendAsync(Encoding.UTF8.GetString(mutator.Next(FuzzRandom.ForInput(settings.Seed, i), seeds)));
                await client.SendAsync($"42[\"echo\",{i}]");
                sent++;
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

        output.WriteLine($"{sent} inputs over the wire (seed 0x{settings.Seed:X}), {closes} closed their connection");
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
}
