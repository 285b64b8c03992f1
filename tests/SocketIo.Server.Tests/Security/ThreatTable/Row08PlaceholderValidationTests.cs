using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 8 (CVE-2022-2421): a placeholder must be <c>{"_placeholder":true,"num":i}</c> with an integer i naming one
/// of the announced attachments; anything else closes the connection (the reference's "illegal attachments").
/// </summary>
public class Row08PlaceholderValidationTests : IAsyncLifetime
{
    private SocketIoThreatServer _server = null!;

    public async Task InitializeAsync() => _server = await SocketIoThreatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("\"splice\"")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("0.5")]
    public async Task Row_08_placeholder_num_that_names_no_attachment_closes_the_connection(string num)
    {
        await using var attacker = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await attacker.JoinAsync();

        await attacker.SendAsync($"451-[\"h\",{{\"_placeholder\":true,\"num\":{num}}}]");
        await attacker.SendBinaryAsync([1, 2, 3]);

        await _server.AssertClosedAndServerAliveAsync(attacker, sid);
        _server.Events.Should().NotContain(e => e.SocketId == sid);
    }

    [Fact]
    public async Task Row_08_placeholder_in_a_plain_event_is_delivered_as_an_ordinary_object()
    {
        await using var client = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await client.JoinAsync();

        await client.SendAsync("42[\"echo\",{\"_placeholder\":true,\"num\":0}]");

        (await client.ReceiveTextAsync()).Should().Be("42[\"echo-back\",{\"_placeholder\":true,\"num\":0}]");
        var received = _server.Events.Single(e => e.SocketId == sid);
        received.Arguments[0].Should().BeOfType<System.Text.Json.JsonElement>()
            .Which.GetRawText().Should().Be("{\"_placeholder\":true,\"num\":0}");
    }
}
