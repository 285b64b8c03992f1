using System.Diagnostics;
using System.Text;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 9 (socket.io-parser b5d0cb7; socketioxide #357, #811): the binary reconstruction state machine. A binary
/// frame nobody announced, text while attachments are awaited, and truncated binary headers each close the
/// connection at once; the decoder never loops.
/// </summary>
public class Row09BinaryStateMachineTests : IAsyncLifetime
{
    private SocketIoThreatServer _server = null!;

    public async Task InitializeAsync() => _server = await SocketIoThreatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Row_09_bare_binary_frame_closes_the_connection()
    {
        await using var attacker = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await attacker.JoinAsync();

        await attacker.SendBinaryAsync([1, 2, 3]);

        await _server.AssertClosedAndServerAliveAsync(attacker, sid);
    }

    [Fact]
    public async Task Row_09_text_while_an_attachment_is_awaited_closes_the_connection()
    {
        await using var attacker = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await attacker.JoinAsync();

        await attacker.SendAsync("451-[\"echo\",{\"_placeholder\":true,\"num\":0}]");
        await attacker.SendAsync("42[\"x\"]");

        await _server.AssertClosedAndServerAliveAsync(attacker, sid);
        _server.Events.Should().NotContain(e => e.SocketId == sid);
    }

    [Theory]
    [InlineData("45")]
    [InlineData("451")]
    [InlineData("45abc")]
    [InlineData("45-")]
    public async Task Row_09_truncated_binary_header_closes_the_connection(string header)
    {
        await using var attacker = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await attacker.JoinAsync();

        await attacker.SendAsync(header);

        await _server.AssertClosedAndServerAliveAsync(attacker, sid);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("51")]
    [InlineData("5abc")]
    [InlineData("5-")]
    public void Row_09_truncated_binary_header_is_refused_within_10_ms(string packet)
    {
        var decoder = new JsonSocketIoParser().CreateDecoder();
        var bytes = Encoding.UTF8.GetBytes(packet);
        Assert.Throws<SocketIoParseException>(() => decoder.Add(bytes, isBinary: false));

        var clock = Stopwatch.StartNew();
        Assert.Throws<SocketIoParseException>(() => decoder.Add(bytes, isBinary: false));

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(10));
    }
}
