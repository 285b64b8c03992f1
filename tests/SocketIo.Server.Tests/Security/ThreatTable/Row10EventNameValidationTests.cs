using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 10 (CVE-2023-32695): an EVENT's first element must be a string that is not a reserved name, or a number.
/// Anything else closes the connection before any listener runs.
/// </summary>
public class Row10EventNameValidationTests : IAsyncLifetime
{
    private SocketIoThreatServer _server = null!;

    public async Task InitializeAsync() => _server = await SocketIoThreatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("42[{\"toString\":\"x\"}]")]
    [InlineData("42[true]")]
    [InlineData("42[null,\"a\"]")]
    [InlineData("42[]")]
    [InlineData("42{}")]
    [InlineData("42\"s\"")]
    [InlineData("42[[\"echo\"]]")]
    [InlineData("42[\"connect\"]")]
    [InlineData("42[\"connect_error\"]")]
    [InlineData("42[\"disconnect\",\"x\"]")]
    [InlineData("42[\"disconnecting\"]")]
    [InlineData("42[\"newListener\"]")]
    [InlineData("42[\"removeListener\"]")]
    public async Task Row_10_event_without_a_legal_name_closes_the_connection(string packet)
    {
        await using var attacker = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await attacker.JoinAsync();

        await attacker.SendAsync(packet);

        await _server.AssertClosedAndServerAliveAsync(attacker, sid);
        _server.Events.Should().NotContain(e => e.SocketId == sid);
    }

    [Fact]
    public async Task Row_10_numeric_event_name_is_accepted()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoThreatServer.StartAsync(io => io.OnConnection(socket =>
            socket.On("7", (string value) => received.TrySetResult(value))));
        await using var client = await RawSocketIoClient.ConnectAsync(server.Server);
        await client.JoinAsync();

        await client.SendAsync("42[7,\"x\"]");

        (await received.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("x");
        await client.SendAsync("42[\"echo\",\"open\"]");
        (await client.ReceiveTextAsync()).Should().Be("42[\"echo-back\",\"open\"]");
    }
}
