using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>The connection's addresses for a handshake served on it; its id is Kestrel's, made only if read.</summary>
internal sealed class ConnectionLevelConnectionFeature(ConnectionContext connection) : IHttpConnectionFeature
{
    private string? _connectionId;

    public string ConnectionId
    {
        get => _connectionId ?? connection.ConnectionId;
        set => _connectionId = value;
    }

    public IPAddress? RemoteIpAddress { get; set; }

    public IPAddress? LocalIpAddress { get; set; }

    public int RemotePort { get; set; }

    public int LocalPort { get; set; }
}
