using System.Net.WebSockets;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 7 (CVE-2026-69185): a binary packet announcing zero attachments. Refused at the header, so the binary
/// frames sent after it are never appended anywhere; the server stops reading the connection.
/// </summary>
public class Row07ZeroAttachmentBinaryTests : IAsyncLifetime
{
    private SocketIoThreatServer _server = null!;

    public async Task InitializeAsync() => _server = await SocketIoThreatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Row_07_zero_attachment_header_then_10000_binary_frames_of_64_KB_closes_at_the_header()
    {
        await using var attacker = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await attacker.JoinAsync();
        await attacker.SendAsync("450-[\"x\"]");
        var frame = new byte[64 * 1024];

        var sent = 0;
        try
        {
            for (; sent < 10_000; sent++)
            {
                await attacker.SendBinaryAsync(frame);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            // The server hung up: the rest of the flood cannot even be written.
        }

        sent.Should().BeLessThan(10_000);
        (await _server.DisconnectedAsync(sid)).Should().Be("forced close");
        _server.Events.Should().NotContain(e => e.SocketId == sid);
        await _server.AssertAliveAsync();
    }
}
