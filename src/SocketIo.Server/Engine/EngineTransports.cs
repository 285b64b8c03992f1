namespace SocketIo.Server.Engine;

/// <summary>The transports an Engine.IO endpoint accepts.</summary>
[Flags]
public enum EngineTransports
{
    /// <summary>None; not a valid configuration.</summary>
    None = 0,

    /// <summary>HTTP long-polling.</summary>
    Polling = 1,

    /// <summary>WebSocket.</summary>
    WebSocket = 2,

    /// <summary>Both, the default.</summary>
    All = Polling | WebSocket,
}
