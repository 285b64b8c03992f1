namespace SocketIo.Server.Adapters;

/// <summary>
/// Creates the adapter of each namespace. The in-memory one is registered by default; a cluster adapter (Redis)
/// registers its own factory.
/// </summary>
public interface INamespaceAdapterFactory
{
    /// <summary>Creates the adapter for the namespace described by <paramref name="context"/>.</summary>
    /// <param name="context">The namespace and the server's services.</param>
    NamespaceAdapter Create(AdapterContext context);
}
