namespace SocketIo.Server.Adapters;

/// <summary>The default: every namespace gets the in-memory <see cref="NamespaceAdapter"/>.</summary>
internal sealed class InMemoryAdapterFactory : INamespaceAdapterFactory
{
    public NamespaceAdapter Create(AdapterContext context) => new(context);
}
