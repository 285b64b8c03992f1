using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 6 (CVE-2026-33151): a binary packet header announcing more attachments than <c>MaxAttachments</c>
/// (default 10) closes the connection at the header, before any binary frame is held; ten are delivered.
/// </summary>
public class Row06AttachmentCountCapTests : IAsyncLifetime
{
    private SocketIoThreatServer _server = null!;

    public async Task InitializeAsync() => _server = await SocketIoThreatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("45999999999-[\"x\"]")]
    [InlineData("4511-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":2},{\"_placeholder\":true,\"num\":3},{\"_placeholder\":true,\"num\":4},{\"_placeholder\":true,\"num\":5},{\"_placeholder\":true,\"num\":6},{\"_placeholder\":true,\"num\":7},{\"_placeholder\":true,\"num\":8},{\"_placeholder\":true,\"num\":9},{\"_placeholder\":true,\"num\":10}]")]
    public async Task Row_06_header_announcing_too_many_attachments_closes_at_the_header(string header)
    {
        await using var attacker = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await attacker.JoinAsync();

        // No binary frame follows: the header alone must end it.
        await attacker.SendAsync(header);

        await _server.AssertClosedAndServerAliveAsync(attacker, sid);
        _server.Events.Should().NotContain(e => e.SocketId == sid);
    }

    [Fact]
    public async Task Row_06_ten_attachments_are_delivered()
    {
        await using var client = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await client.JoinAsync();
        var placeholders = string.Join(',', Enumerable.Range(0, 10).Select(i => $"{{\"_placeholder\":true,\"num\":{i}}}"));

        await client.SendAsync($"4510-[\"echo\",{placeholders}]");
        for (byte i = 0; i < 10; i++)
        {
            await client.SendBinaryAsync([i]);
        }

        (await client.ReceiveTextAsync()).Should().Be($"4510-[\"echo-back\",{placeholders}]");
        for (byte i = 0; i < 10; i++)
        {
            (await client.ReceiveAsync()).Should().Be("binary:" + Convert.ToHexString([i]));
        }

        var received = _server.Events.Single(e => e.SocketId == sid);
        received.Arguments.Count.Should().Be(10);
        await _server.AssertAliveAsync();
    }
}
