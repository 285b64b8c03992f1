using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>Request services from a scope made only when something asks for them, disposed with the request.</summary>
internal sealed class ConnectionServiceProvidersFeature(IServiceScopeFactory scopes) : IServiceProvidersFeature, IAsyncDisposable
{
    private AsyncServiceScope? _scope;
    private IServiceProvider? _services;

    public IServiceProvider RequestServices
    {
        get
        {
            if (_services is null)
            {
                _scope = scopes.CreateAsyncScope();
                _services = _scope.Value.ServiceProvider;
            }

            return _services;
        }
        set => _services = value;
    }

    /// <summary>Whether the scope was made, and so needs disposing.</summary>
    public bool HasScope => _scope is not null;

    public ValueTask DisposeAsync() => _scope is { } scope ? scope.DisposeAsync() : ValueTask.CompletedTask;
}
