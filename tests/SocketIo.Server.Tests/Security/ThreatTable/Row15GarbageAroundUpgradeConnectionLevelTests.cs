using SocketIo.Server.Engine;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>Row 15 again with WebSockets served in Kestrel's connection layer, on our own framing.</summary>
public class Row15GarbageAroundUpgradeConnectionLevelTests : Row15GarbageAroundUpgradeTests
{
    protected override void ConfigureEngine(EngineOptions options)
    {
        base.ConfigureEngine(options);
        options.ConnectionLevelWebSockets = true;
    }
}
