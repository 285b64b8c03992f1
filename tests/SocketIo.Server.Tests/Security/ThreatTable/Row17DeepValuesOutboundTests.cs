using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 17, the way out: the reference overflows its stack (and the process dies) echoing a 20,000-deep array. A
/// value nested past <c>MaxJsonDepth</c> (default 64) makes its emit or acknowledgement throw
/// <see cref="JsonException"/> with nothing sent; the connection and the server go on. Running these is the proof:
/// a stack overflow cannot be caught and would end the test run.
/// </summary>
public class Row17DeepValuesOutboundTests : IAsyncLifetime
{
    private const int Depth = 20_000;

    /// <summary>Parsed once: JsonDocument takes seconds for 20,000 levels (its cost grows with depth squared).</summary>
    private static readonly Lazy<JsonElement> DeepElement = new(() =>
        JsonDocument.Parse(new string('[', Depth) + new string(']', Depth), new JsonDocumentOptions { MaxDepth = Depth + 1 }).RootElement);
    private readonly TaskCompletionSource<Socket> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SocketIoThreatServer _server = null!;

    public async Task InitializeAsync() => _server = await SocketIoThreatServer.StartAsync(io => io.OnConnection(socket =>
    {
        _connected.TrySetResult(socket);
        socket.On("deep-ack", (string kind) => Deep(kind));
    }));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("object[]")]
    [InlineData("List")]
    [InlineData("JsonElement")]
    [InlineData("JsonNode")]
    public async Task Row_17_emit_of_a_20000_deep_value_throws_and_the_connection_goes_on(string kind)
    {
        await using var client = await RawSocketIoClient.ConnectAsync(_server.Server);
        await client.JoinAsync();
        var socket = await _connected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        socket.Invoking(s => s.Emit("deep", Deep(kind))).Should().Throw<JsonException>();
        _server.Io.Invoking(io => io.Emit("deep", Deep(kind))).Should().Throw<JsonException>();

        await AssertConnectionGoesOnAsync(client);
    }

    [Theory]
    [InlineData("object[]")]
    [InlineData("JsonNode")]
    public async Task Row_17_emit_with_ack_of_a_20000_deep_value_fails_and_leaves_no_pending_ack(string kind)
    {
        await using var client = await RawSocketIoClient.ConnectAsync(_server.Server);
        await client.JoinAsync();
        var socket = await _connected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await socket.Invoking(s => s.EmitWithAckAsync("deep", [Deep(kind)])).Should().ThrowAsync<JsonException>();

        socket.Acks.Count.Should().Be(0);
        await AssertConnectionGoesOnAsync(client);
    }

    [Theory]
    [InlineData("object[]")]
    [InlineData("List")]
    [InlineData("JsonElement")]
    [InlineData("JsonNode")]
    public async Task Row_17_acknowledgement_with_a_20000_deep_value_is_not_sent_and_the_connection_goes_on(string kind)
    {
        await using var client = await RawSocketIoClient.ConnectAsync(_server.Server);
        await client.JoinAsync();

        await client.SendAsync($"421[\"deep-ack\",\"{kind}\"]");

        // The listener's answer could not be encoded (logged); the next packet the client sees is the echo.
        await AssertConnectionGoesOnAsync(client);
    }

    [Fact]
    public async Task Row_17_values_up_to_MaxJsonDepth_still_go_out()
    {
        await using var client = await RawSocketIoClient.ConnectAsync(_server.Server);
        await client.JoinAsync();
        var socket = await _connected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The payload's own array is level 1: 63 more fit.
        socket.Emit("deep", (object)DeepArray(63)).Should().BeTrue();

        (await client.ReceiveTextAsync()).Should().Be("42[\"deep\"," + new string('[', 63) + "1" + new string(']', 63) + "]");
        socket.Invoking(s => s.Emit("deep", (object)DeepArray(64))).Should().Throw<JsonException>().WithMessage("*MaxJsonDepth*");
    }

    private async Task AssertConnectionGoesOnAsync(RawSocketIoClient client)
    {
        await client.SendAsync("42[\"echo\",\"still here\"]");
        (await client.ReceiveTextAsync()).Should().Be("42[\"echo-back\",\"still here\"]");
        await _server.AssertAliveAsync();
    }

    private static object Deep(string kind) => kind switch
    {
        "object[]" => DeepArray(Depth),
        "List" => DeepList(),
        "JsonElement" => DeepElement.Value,
        "JsonNode" => DeepNode(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>1 wrapped in <paramref name="depth"/> arrays, built without recursion.</summary>
    private static object?[] DeepArray(int depth)
    {
        object? value = 1;
        for (var i = 0; i < depth; i++)
        {
            value = new[] { value };
        }

        return (object?[])value;
    }

    private static List<object?> DeepList()
    {
        var list = new List<object?> { 1 };
        for (var i = 1; i < Depth; i++)
        {
            list = [list];
        }

        return list;
    }

    private static JsonNode DeepNode()
    {
        JsonNode node = JsonValue.Create(1);
        for (var i = 0; i < Depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }
}
