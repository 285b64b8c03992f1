using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Adapters.Cluster;

/// <summary>What a node does when its transport cannot publish.</summary>
public sealed class ClusterPublishFailureTests : IAsyncLifetime
{
    private SocketIoTestServer _node = null!;

    public async Task InitializeAsync() =>
        _node = await SocketIoTestServer.StartAsync(configureServices: s => s.AddSingleton<INamespaceAdapterFactory>(new BrokenTransportFactory()));

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_broadcast_is_still_delivered_here_and_the_failure_is_reported()
    {
        await using var client = await SocketIoTestClient.ConnectAsync(_node);

        await _node.Io.Sockets.Invoking(n => n.EmitAsync("hello")).Should().ThrowAsync<InvalidOperationException>().WithMessage("bus down");

        (await client.NextEventAsync()).Name.Should().Be("hello");
    }

    [Fact]
    public async Task A_request_that_cannot_be_published_fails_and_is_forgotten()
    {
        await _node.Io.Sockets.Invoking(n => n.ServerSideEmitWithAckAsync("count")).Should().ThrowAsync<InvalidOperationException>();
        await _node.Io.Invoking(n => n.FetchSocketsAsync()).Should().ThrowAsync<InvalidOperationException>();
        await _node.Io.Invoking(n => n.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("ready?")).Should().ThrowAsync<InvalidOperationException>();

        ((BrokenTransportAdapter)_node.Io.Sockets.Adapter).Pending.Should().Be(0);
    }

    private sealed class BrokenTransportFactory : INamespaceAdapterFactory
    {
        public NamespaceAdapter Create(AdapterContext context) => new BrokenTransportAdapter(context);
    }

    private sealed class BrokenTransportAdapter(AdapterContext context) : ClusterAdapter(context)
    {
        public int Pending => PendingRequestCount;

        public override Task<int> GetServerCountAsync(CancellationToken cancellationToken = default) => Task.FromResult(2);

        protected override Task PublishAsync(ClusterMessage message, CancellationToken cancellationToken) =>
            Task.FromException(new InvalidOperationException("bus down"));

        protected override Task PublishResponseAsync(string requesterUid, ClusterMessage response, CancellationToken cancellationToken) =>
            Task.FromException(new InvalidOperationException("bus down"));
    }
}
