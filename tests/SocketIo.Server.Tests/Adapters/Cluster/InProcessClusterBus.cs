using System.Collections.Concurrent;
using System.Threading.Channels;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Server.Tests.Adapters.Cluster;

/// <summary>
/// A message bus inside the test process standing in for Redis: every message goes to every adapter attached (other
/// namespaces and the sender included, which the adapters must ignore), answers go to the requester only, and each
/// adapter handles its messages one at a time in order.
/// </summary>
internal sealed class InProcessClusterBus
{
    private readonly Lock _lock = new();
    private readonly List<InProcessClusterAdapter> _members = [];
    private readonly ConcurrentQueue<(string Uid, ClusterMessage Message)> _handled = new();
    private readonly ConcurrentQueue<ClusterMessage> _published = new();

    /// <summary>Nodes counted by <see cref="ServerCount"/> that never answer anything.</summary>
    public int SilentNodes { get; set; }

    public INamespaceAdapterFactory CreateFactory() => new Factory(this);

    public int ServerCount(string @namespace)
    {
        lock (_lock)
        {
            return _members.Count(m => m.Namespace == @namespace) + SilentNodes;
        }
    }

    /// <summary>How many messages of <paramref name="type"/> adapters have handled (received and processed).</summary>
    public int HandledCount(ClusterMessageType type, string? byUid = null) =>
        _handled.Count(h => h.Message.Type == type && (byUid is null || h.Uid == byUid));

    /// <summary>How many messages of <paramref name="type"/> were published (answers included).</summary>
    public int PublishedCount(ClusterMessageType type) => _published.Count(m => m.Type == type);

    public void Publish(ClusterMessage message)
    {
        _published.Enqueue(message);
        foreach (var member in Members())
        {
            member.Enqueue(message);
        }
    }

    public void PublishResponse(string requesterUid, ClusterMessage message)
    {
        _published.Enqueue(message);
        foreach (var member in Members())
        {
            if (member.NodeUid == requesterUid && member.Namespace == message.Namespace)
            {
                member.Enqueue(message);
            }
        }
    }

    public void Attach(InProcessClusterAdapter adapter)
    {
        lock (_lock)
        {
            _members.Add(adapter);
        }
    }

    public void Detach(InProcessClusterAdapter adapter)
    {
        lock (_lock)
        {
            _members.Remove(adapter);
        }
    }

    public void RecordHandled(string uid, ClusterMessage message) => _handled.Enqueue((uid, message));

    private InProcessClusterAdapter[] Members()
    {
        lock (_lock)
        {
            return [.. _members];
        }
    }

    private sealed class Factory(InProcessClusterBus bus) : INamespaceAdapterFactory
    {
        public NamespaceAdapter Create(AdapterContext context) => new InProcessClusterAdapter(context, bus);
    }
}

/// <summary>A <see cref="ClusterAdapter"/> whose transport is an <see cref="InProcessClusterBus"/>.</summary>
internal sealed class InProcessClusterAdapter : ClusterAdapter
{
    private readonly InProcessClusterBus _bus;
    private readonly Channel<ClusterMessage> _inbox = Channel.CreateUnbounded<ClusterMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _reading;

    public InProcessClusterAdapter(AdapterContext context, InProcessClusterBus bus)
        : base(context)
    {
        _bus = bus;
        _reading = Task.Run(ReadAsync);
        bus.Attach(this);
    }

    public string NodeUid => Uid;

    public int PendingRequests => PendingRequestCount;

    public override Task<int> GetServerCountAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_bus.ServerCount(Namespace));

    public void Enqueue(ClusterMessage message) => _inbox.Writer.TryWrite(message);

    public override async ValueTask DisposeAsync()
    {
        _bus.Detach(this);
        _inbox.Writer.TryComplete();
        await _reading;
        await base.DisposeAsync();
    }

    protected override Task PublishAsync(ClusterMessage message, CancellationToken cancellationToken)
    {
        _bus.Publish(message);
        return Task.CompletedTask;
    }

    protected override Task PublishResponseAsync(string requesterUid, ClusterMessage response, CancellationToken cancellationToken)
    {
        _bus.PublishResponse(requesterUid, response);
        return Task.CompletedTask;
    }

    private async Task ReadAsync()
    {
        await foreach (var message in _inbox.Reader.ReadAllAsync())
        {
            await OnMessageAsync(message);
            _bus.RecordHandled(Uid, message);
        }
    }
}
