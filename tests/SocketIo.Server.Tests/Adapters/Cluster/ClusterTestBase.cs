using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Adapters;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Adapters.Cluster;

/// <summary>Nodes on Kestrel sharing one <see cref="InProcessClusterBus"/>, and clients connected to them; all stopped after each test.</summary>
public abstract class ClusterTestBase : IAsyncLifetime
{
    private readonly List<SocketIoTestServer> _nodes = [];
    private readonly List<SocketIoTestClient> _clients = [];

    internal InProcessClusterBus Bus { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    internal async Task<SocketIoTestServer> StartNodeAsync(Action<SocketIoServer>? configureIo = null, TimeProvider? time = null)
    {
        var node = await SocketIoTestServer.StartAsync(
            configureIo: configureIo,
            time: time,
            configureServices: s => s.AddSingleton(Bus.CreateFactory()));
        _nodes.Add(node);
        return node;
    }

    internal async Task<SocketIoTestClient> ConnectAsync(SocketIoTestServer node)
    {
        var client = await SocketIoTestClient.ConnectAsync(node);
        _clients.Add(client);
        return client;
    }

    internal static InProcessClusterAdapter AdapterOf(SocketIoTestServer node, string @namespace = "/") =>
        (InProcessClusterAdapter)node.Io.Of(@namespace).Adapter;

    internal static Socket SocketOf(SocketIoTestServer node, SocketIoTestClient client) => node.Io.Sockets.Sockets[client.Id];

    internal static async Task<ReceivedEvent> ExpectEventAsync(SocketIoTestClient client, string name)
    {
        var received = await client.NextEventAsync();
        received.Name.Should().Be(name);
        return received;
    }
}
