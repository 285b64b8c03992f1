using System.Text.Json;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server;

/// <summary><see cref="SocketIoServerOptions.MaxJsonDepth"/>: one bound for what comes in and what goes out.</summary>
public sealed class MaxJsonDepthTests
{
    [Fact]
    public async Task Depth_past_the_option_closes_a_client_and_fails_an_emit_and_up_to_it_passes()
    {
        var connected = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.OnConnection(socket =>
            {
                socket.On("nest", (SocketIoArguments args) => socket.Emit("nested", args.ToArray()));
                connected.TrySetResult(socket);
            }),
            o => o.MaxJsonDepth = 3);
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        var socket = await connected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The payload's array is level 1.
        await client.SendAsync("42[\"nest\",[[1]]]");
        (await client.ReceiveTextAsync()).Should().Be("42[\"nested\",[[1]]]");
        socket.Invoking(s => s.Emit("nested", (object)new object[] { new object[] { new object[] { 1 } } }))
            .Should().Throw<JsonException>().WithMessage("*deeper than 3*");

        await client.SendAsync("42[\"nest\",[[[1]]]]");
        await client.WaitForCloseAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task Values_outside_1_to_1000_fail_start_up(int depth)
    {
        var start = () => SocketIoTestServer.StartAsync(configure: o => o.MaxJsonDepth = depth);

        await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>();
    }

    [Fact]
    public async Task A_kept_packet_too_deep_to_encode_is_skipped_when_a_session_is_recovered()
    {
        await using var server = await SocketIoTestServer.StartAsync(configure: o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        var first = await RawSocketIoClient.ConnectAsync(server);
        await first.SendAsync("40");
        var pid = JsonDocument.Parse((await first.ReceiveTextAsync())[2..]).RootElement.GetProperty("pid").GetString()!;
        await server.Io.EmitAsync("tick", [1]);
        var offset = JsonDocument.Parse((await first.ReceiveTextAsync())[2..]).RootElement[2].GetString()!;
        first.Abort();
        await Eventually.TrueAsync(() => server.Io.Sockets.Sockets.Count == 0);

        // Nobody is connected, so nothing is encoded, but recovery keeps both.
        object deep = 1;
        for (var i = 0; i < 100; i++)
        {
            deep = new[] { deep };
        }

        await server.Io.EmitAsync("deep", [deep]);
        await server.Io.EmitAsync("tick", [2]);

        await using var second = await RawSocketIoClient.ConnectAsync(server);
        await second.SendAsync($"40{{\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}");
        var missed = JsonDocument.Parse((await second.ReceiveTextAsync())[2..]).RootElement;
        missed[0].GetString().Should().Be("tick");
        missed[1].GetInt32().Should().Be(2);
        (await second.ReceiveTextAsync()).Should().StartWith("40{\"sid\":");
    }
}
