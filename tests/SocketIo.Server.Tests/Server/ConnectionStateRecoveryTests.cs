using System.Text.Json;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server;

public sealed class ConnectionStateRecoveryTests
{
    [Fact]
    public async Task Dropped_client_recovers_id_rooms_data_and_the_missed_events_in_order()
    {
        var recovered = new TaskCompletionSource<Socket>();
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.OnConnection(socket =>
            {
                if (socket.Recovered)
                {
                    recovered.TrySetResult(socket);
                    return;
                }

                socket.Join("room");
                socket.Data["user"] = "ada";
            }),
            o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        var first = await RawSocketIoClient.ConnectAsync(server);
        await first.SendAsync("40");
        var reply = JsonDocument.Parse((await first.ReceiveTextAsync())[2..]).RootElement;
        var sid = reply.GetProperty("sid").GetString()!;
        var pid = reply.GetProperty("pid").GetString()!;
        await Eventually.TrueAsync(() => server.Io.Sockets.Adapter.GetSocketRooms(sid).Count == 2);

        await server.Io.To("room").EmitAsync("tick", [1]);
        var tick = JsonDocument.Parse((await first.ReceiveTextAsync())[2..]).RootElement;
        tick[1].GetInt32().Should().Be(1);
        var offset = tick[2].GetString()!;
        first.Abort();
        await Eventually.TrueAsync(() => server.Io.Sockets.Sockets.Count == 0);

        await server.Io.To("room").EmitAsync("tick", [2]);
        await server.Io.Except("room").EmitAsync("tick", ["not for the room"]);
        await server.Io.EmitAsync("tick", [3]);
        await server.Io.Volatile.EmitAsync("tick", ["volatile is not kept"]);

        await using var second = await RawSocketIoClient.ConnectAsync(server);
        await second.SendAsync($"40{{\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}");
        var missed2 = JsonDocument.Parse((await second.ReceiveTextAsync())[2..]).RootElement;
        var missed3 = JsonDocument.Parse((await second.ReceiveTextAsync())[2..]).RootElement;
        var connect = await second.ReceiveTextAsync();

        missed2[1].GetInt32().Should().Be(2);
        missed3[1].GetInt32().Should().Be(3);
        connect.Should().Be($"40{{\"sid\":\"{sid}\",\"pid\":\"{pid}\"}}");
        var socket = await recovered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        socket.Id.Should().Be(sid);
        socket.Rooms.Should().BeEquivalentTo(sid, "room");
        socket.Data["user"].Should().Be("ada");
    }

    [Fact]
    public async Task Unknown_or_expired_session_connects_afresh()
    {
        var time = new ManualTimeProvider();
        await using var server = await SocketIoTestServer.StartAsync(
            configure: o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions { MaxDisconnectionDuration = TimeSpan.FromSeconds(10) },
            configureEngine: e => e.PingInterval = TimeSpan.FromHours(1),
            time: time);
        var first = await RawSocketIoClient.ConnectAsync(server);
        await first.SendAsync("40");
        var reply = JsonDocument.Parse((await first.ReceiveTextAsync())[2..]).RootElement;
        var sid = reply.GetProperty("sid").GetString()!;
        var pid = reply.GetProperty("pid").GetString()!;
        await server.Io.EmitAsync("tick");
        var offset = JsonDocument.Parse((await first.ReceiveTextAsync())[2..]).RootElement[1].GetString()!;
        first.Abort();
        await Eventually.TrueAsync(() => server.Io.Sockets.Sockets.Count == 0);
        time.Advance(TimeSpan.FromSeconds(11));

        await using var second = await RawSocketIoClient.ConnectAsync(server);
        await second.SendAsync($"40{{\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}");
        var fresh = JsonDocument.Parse((await second.ReceiveTextAsync())[2..]).RootElement;

        fresh.GetProperty("sid").GetString().Should().NotBe(sid);
        fresh.GetProperty("pid").GetString().Should().NotBe(pid);
    }

    [Fact]
    public async Task Client_namespace_disconnect_keeps_no_session()
    {
        await using var server = await SocketIoTestServer.StartAsync(configure: o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.SendAsync("40");
        var pid = JsonDocument.Parse((await client.ReceiveTextAsync())[2..]).RootElement.GetProperty("pid").GetString()!;
        await server.Io.EmitAsync("tick");
        var offset = JsonDocument.Parse((await client.ReceiveTextAsync())[2..]).RootElement[1].GetString()!;

        await client.SendAsync("41");
        await Eventually.TrueAsync(() => server.Io.Sockets.Sockets.Count == 0);
        await client.SendAsync($"40{{\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}");

        JsonDocument.Parse((await client.ReceiveTextAsync())[2..]).RootElement.GetProperty("pid").GetString().Should().NotBe(pid);
    }

    // Found by the fuzzer: JsonElement.GetString threw on these recovery fields, so the CONNECT was never answered.
    [Theory]
    [InlineData("{\"pid\":\"\\ud800\",\"offset\":\"o\"}")]
    [InlineData("{\"pid\":\"p\",\"offset\":\"\\udc00x\"}")]
    public async Task A_recovery_id_with_a_lone_surrogate_connects_afresh(string auth)
    {
        await using var server = await SocketIoTestServer.StartAsync(configure: o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40" + auth);

        var reply = JsonDocument.Parse((await client.ReceiveTextAsync())[2..]).RootElement;
        reply.GetProperty("sid").GetString().Should().NotBeNullOrEmpty();
        reply.GetProperty("pid").GetString().Should().NotBe("\ud800");
    }
}
