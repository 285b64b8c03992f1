namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>
/// Endpoint metadata marking an Engine.IO endpoint whose WebSocket handshakes the connection layer may take; it
/// carries the endpoint's server, so both paths run the same one.
/// </summary>
internal sealed class ConnectionLevelEngineEndpoint(EngineServer server)
{
    public EngineServer Server { get; } = server;
}
