using SocketIo.Server.Engine;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>Row 4 again with WebSockets served in Kestrel's connection layer, on our own framing.</summary>
public class Row04OversizeWebSocketMessageConnectionLevelTests : Row04OversizeWebSocketMessageTests
{
    protected override void ConfigureEngine(EngineOptions options)
    {
        base.ConfigureEngine(options);
        options.ConnectionLevelWebSockets = true;
    }
}
