using SocketIo.Server.Engine;

namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>The heartbeat the threat-table servers run with.</summary>
internal static class ThreatHeartbeat
{
    /// <summary>
    /// Pings every 100 ms, so a <see cref="PingPongWitness"/> proves liveness in a fraction of a second, with a
    /// timeout long enough that an attacking connection (which never answers) is not closed by the heartbeat before
    /// the test has seen what the attack itself did.
    /// </summary>
    public static void Fast(EngineOptions options)
    {
        options.PingInterval = TimeSpan.FromMilliseconds(100);
        options.PingTimeout = TimeSpan.FromSeconds(10);
    }
}
