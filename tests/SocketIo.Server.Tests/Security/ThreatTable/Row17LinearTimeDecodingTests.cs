using System.Diagnostics;
using System.Text;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 17 (CVE-2020-36049, CVE-2026-45591), the way in: huge attachment counts, ack ids and namespaces are read
/// with index scans (no digit-by-digit string building, no big integers), and JSON nesting is capped by
/// <c>MaxJsonDepth</c> (default 64), so each packet is refused in linear time without deep recursion. The way out
/// is <see cref="Row17DeepValuesOutboundTests"/>.
/// </summary>
public class Row17LinearTimeDecodingTests : IAsyncLifetime
{
    private SocketIoThreatServer _server = null!;

    public async Task InitializeAsync() => _server = await SocketIoThreatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> HugePackets() => new()
    {
        { "1 MB attachment count", "45" + new string('9', 999_990) + "-[]" },
        { "ack id of 10,000 digits", "42" + new string('1', 10_000) + "[\"a\"]" },
        { "900 KB namespace on an event", "42/" + new string('n', 900_000) + ",[\"a\"]" },
        { "JSON nested 10,000 deep", "42" + new string('[', 10_000) + new string(']', 10_000) },
        { "JSON objects nested 10,000 deep", "42[\"a\"," + string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000) + "]" },
    };

    [Theory]
    [MemberData(nameof(HugePackets))]
    public async Task Row_17_huge_packet_closes_the_connection(string what, string packet)
    {
        await using var attacker = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await attacker.JoinAsync();

        await attacker.SendAsync(packet);

        // An event for a namespace the client never joined breaks a state rule rather than the parser.
        await _server.AssertClosedAndServerAliveAsync(attacker, sid, what.Contains("namespace", StringComparison.Ordinal) ? "forced server close" : "forced close");
        _server.Events.Should().NotContain(e => e.SocketId == sid, what);
    }

    [Theory]
    [MemberData(nameof(HugePackets))]
    public void Row_17_huge_packet_is_refused_within_50_ms(string what, string packet)
    {
        var bytes = Encoding.UTF8.GetBytes(packet[1..]);
        var decoder = new JsonSocketIoParser().CreateDecoder();
        var fastest = TimeSpan.MaxValue;

        // The best of three runs: the first includes JIT compilation, and other tests share the machine.
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            var refused = false;
            try
            {
                decoder.Add(bytes, isBinary: false);
            }
            catch (SocketIoParseException)
            {
                refused = true;
            }

            clock.Stop();
            if (!refused)
            {
                // A namespace the client never joined is refused one layer up, by the connection.
                what.Should().Contain("namespace");
            }

            fastest = clock.Elapsed < fastest ? clock.Elapsed : fastest;
        }

        fastest.Should().BeLessThan(TimeSpan.FromMilliseconds(50), what);
    }

    [Fact]
    public async Task Row_17_connect_to_a_900_KB_namespace_gets_invalid_namespace_and_the_connection_stays()
    {
        await using var client = await RawSocketIoClient.ConnectAsync(_server.Server);
        var name = "/" + new string('n', 900_000);

        await client.SendAsync("40" + name + ",");

        (await client.ReceiveTextAsync()).Should().Be("44" + name + ",{\"message\":\"Invalid namespace\"}");
        await client.JoinAsync();
        await _server.AssertAliveAsync();
    }
}
