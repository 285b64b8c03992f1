using Microsoft.Extensions.DependencyInjection;

namespace SocketIo.Server.Hosting;

/// <summary>What <c>AddSocketIo</c> returns, for further configuration (engine options, an adapter).</summary>
public interface ISocketIoBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }
}

/// <summary>The builder handed out by <c>AddSocketIo</c>.</summary>
internal sealed class SocketIoBuilder(IServiceCollection services) : ISocketIoBuilder
{
    public IServiceCollection Services { get; } = services;
}
