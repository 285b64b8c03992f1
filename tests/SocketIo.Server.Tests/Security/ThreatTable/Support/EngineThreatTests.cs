using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>
/// The setting of the Engine.IO rows: a server with the fast threat heartbeat and a witness session, whose ping/pong
/// round trips prove after each attack that the server still serves everyone else.
/// </summary>
public abstract class EngineThreatTests : IAsyncLifetime
{
    /// <summary>The server under attack.</summary>
    internal EngineTestServer Server { get; private set; } = null!;

    /// <summary>A well-behaved session on <see cref="Server"/>.</summary>
    internal PingPongWitness Witness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await EngineTestServer.StartAsync(ConfigureEngine);
        Witness = await PingPongWitness.OpenAsync(Server.BaseUri, "/engine.io/");
    }

    public async Task DisposeAsync()
    {
        await Witness.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>The row's engine options; the fast threat heartbeat unless a row needs otherwise.</summary>
    protected virtual void ConfigureEngine(EngineOptions options) => ThreatHeartbeat.Fast(options);
}
