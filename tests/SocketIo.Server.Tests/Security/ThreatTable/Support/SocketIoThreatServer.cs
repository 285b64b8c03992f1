using System.Collections.Concurrent;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>
/// A Socket.IO test server for the threat table: fast heartbeat, a <see cref="PingPongWitness"/> opened before any
/// attack, every socket's disconnect reason and every event it received recorded, and an <c>echo</c> event
/// (answered with <c>echo-back</c>) to show a connection still works.
/// </summary>
internal sealed class SocketIoThreatServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _disconnects = new(StringComparer.Ordinal);

    private SocketIoThreatServer()
    {
    }

    public SocketIoTestServer Server { get; private set; } = null!;

    public SocketIoServer Io => Server.Io;

    public PingPongWitness Witness { get; private set; } = null!;

    /// <summary>Every event a socket of the main namespace received: socket id, event name, arguments.</summary>
    public ConcurrentQueue<(string SocketId, string EventName, SocketIoArguments Arguments)> Events { get; } = new();

    public static async Task<SocketIoThreatServer> StartAsync(Action<SocketIoServer>? configureIo = null, Action<SocketIoServerOptions>? configure = null)
    {
        var threat = new SocketIoThreatServer();
        threat.Server = await SocketIoTestServer.StartAsync(
            io =>
            {
                io.OnConnection(socket =>
                {
                    var disconnect = threat.Disconnected(socket.Id);
                    socket.On("disconnect", (string reason) => disconnect.TrySetResult(reason));
                    socket.OnAny((name, args) => threat.Events.Enqueue((socket.Id, name, args)));
                    socket.On("echo", (SocketIoArguments args) => socket.Emit("echo-back", args.ToArray()));
                });
                configureIo?.Invoke(io);
            },
            configure,
            ThreatHeartbeat.Fast);
        threat.Witness = await PingPongWitness.OpenAsync(threat.Server.BaseUri, "/socket.io/");
        return threat;
    }

    /// <summary>The reason socket <paramref name="socketId"/> of the main namespace disconnected with.</summary>
    public Task<string> DisconnectedAsync(string socketId) => Disconnected(socketId).Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>
    /// The attacked connection was closed by the server (its socket with <paramref name="reason"/>: "forced close"
    /// for a packet that does not parse, "forced server close" for one that breaks the protocol's state rules), and
    /// the server still serves others.
    /// </summary>
    public async Task AssertClosedAndServerAliveAsync(RawSocketIoClient attacker, string? socketId, string reason = "forced close")
    {
        await attacker.WaitForCloseAsync();
        if (socketId is not null)
        {
            (await DisconnectedAsync(socketId)).Should().Be(reason);
        }

        await AssertAliveAsync();
    }

    /// <summary>The witness still does ping/pong, and a fresh client can join and be answered.</summary>
    public async Task AssertAliveAsync()
    {
        await Witness.AssertAliveAsync();
        await using var fresh = await RawSocketIoClient.ConnectAsync(Server);
        await fresh.JoinAsync();
        await fresh.SendAsync("42[\"echo\",\"still serving\"]");
        (await fresh.ReceiveTextAsync()).Should().Be("42[\"echo-back\",\"still serving\"]");
    }

    public async ValueTask DisposeAsync()
    {
        await Witness.DisposeAsync();
        await Server.DisposeAsync();
    }

    private TaskCompletionSource<string> Disconnected(string socketId) =>
        _disconnects.GetOrAdd(socketId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
