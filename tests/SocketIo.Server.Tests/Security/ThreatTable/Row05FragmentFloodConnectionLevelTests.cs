using SocketIo.Server.Engine;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>Row 5 again with WebSockets served in Kestrel's connection layer, on our own framing.</summary>
public class Row05FragmentFloodConnectionLevelTests : Row05FragmentFloodTests
{
    protected override void ConfigureEngine(EngineOptions options)
    {
        base.ConfigureEngine(options);
        options.ConnectionLevelWebSockets = true;
    }
}
