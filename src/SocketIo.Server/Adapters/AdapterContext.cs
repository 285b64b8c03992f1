using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocketIo.Server.Parsing;

namespace SocketIo.Server.Adapters;

/// <summary>What the server gives an adapter when it creates one for a namespace.</summary>
public sealed class AdapterContext
{
    internal AdapterContext(
        string @namespace,
        ILocalSocketRegistry sockets,
        ISocketIoParser parser,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        ConnectionStateRecoveryOptions? recovery,
        JsonSerializerOptions serializerOptions)
    {
        SerializerOptions = serializerOptions;
        Namespace = @namespace;
        Sockets = sockets;
        Parser = parser;
        TimeProvider = timeProvider;
        LoggerFactory = loggerFactory;
        Recovery = recovery;
    }

    /// <summary>The namespace the adapter serves, e.g. <c>"/"</c> or <c>"/chat"</c>.</summary>
    public string Namespace { get; }

    /// <summary>The clock for timeouts.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Where the adapter's logs go.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The connection state recovery settings; null when recovery is off.</summary>
    public ConnectionStateRecoveryOptions? Recovery { get; }

    /// <summary>
    /// The server's System.Text.Json settings (<see cref="SocketIoServerOptions.SerializerOptions"/>): how application
    /// values are turned into JSON, so a cluster adapter writes them to the wire the way the server writes them to clients.
    /// </summary>
    public JsonSerializerOptions SerializerOptions { get; }

    internal ILocalSocketRegistry Sockets { get; }

    internal ISocketIoParser Parser { get; }
}
