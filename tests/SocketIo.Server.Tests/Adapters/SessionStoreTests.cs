using SocketIo.Server.Adapters;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Adapters;

public sealed class SessionStoreTests
{
    private static readonly Dictionary<string, object?> NoData = [];

    [Fact]
    public void Offsets_are_appended_and_replay_starts_after_the_given_one()
    {
        var store = new SessionStore(new ConnectionStateRecoveryOptions(), new ManualTimeProvider());
        var first = store.Append(new BroadcastPacket("e", [1]), BroadcastOptions.All);
        var second = store.Append(new BroadcastPacket("e", [2]), BroadcastOptions.All);
        store.Persist(new PersistedSession("sid", "pid", ["sid"], NoData));

        var restored = store.Restore("pid", (string)first.Arguments[^1]!);

        restored!.MissedPackets.Should().ContainSingle().Which.Should().BeSameAs(second);
        store.Restore("pid", (string)first.Arguments[^1]!).Should().BeNull("a session is restored once");
    }

    [Fact]
    public void Unknown_offset_or_foreign_prefix_restores_nothing()
    {
        var store = new SessionStore(new ConnectionStateRecoveryOptions(), new ManualTimeProvider());
        var packet = store.Append(new BroadcastPacket("e", []), BroadcastOptions.All);
        var offset = (string)packet.Arguments[^1]!;
        store.Persist(new PersistedSession("sid", "pid", ["sid"], NoData));

        store.Restore("pid", "zz-0").Should().BeNull();
        store.Persist(new PersistedSession("sid", "pid", ["sid"], NoData));
        store.Restore("other", offset).Should().BeNull();
        store.Restore("pid", offset).Should().NotBeNull();
    }

    [Fact]
    public void Log_and_sessions_are_bounded_by_count_and_age()
    {
        var time = new ManualTimeProvider();
        var store = new SessionStore(
            new ConnectionStateRecoveryOptions { MaxBufferedPackets = 3, MaxSessions = 2, MaxDisconnectionDuration = TimeSpan.FromSeconds(10) },
            time);
        var oldest = store.Append(new BroadcastPacket("e", [0]), BroadcastOptions.All);
        for (var i = 1; i <= 3; i++)
        {
            store.Append(new BroadcastPacket("e", [i]), BroadcastOptions.All);
        }

        store.LoggedPacketCount.Should().Be(3);
        store.Persist(new PersistedSession("s1", "p1", [], NoData));
        store.Persist(new PersistedSession("s2", "p2", [], NoData));
        store.Persist(new PersistedSession("s3", "p3", [], NoData));
        store.SessionCount.Should().Be(2);
        store.Restore("p2", (string)oldest.Arguments[^1]!).Should().BeNull("the offset fell out of the log");

        time.Advance(TimeSpan.FromSeconds(11));
        store.Append(new BroadcastPacket("e", [9]), BroadcastOptions.All);
        store.LoggedPacketCount.Should().Be(1);
        store.SessionCount.Should().Be(0);
    }

    [Fact]
    public void Replay_follows_the_rooms_and_except_of_each_packet()
    {
        var store = new SessionStore(new ConnectionStateRecoveryOptions(), new ManualTimeProvider());
        var start = store.Append(new BroadcastPacket("e", ["start"]), BroadcastOptions.All);
        store.Append(new BroadcastPacket("e", ["red"]), new BroadcastOptions(new HashSet<string> { "red" }));
        store.Append(new BroadcastPacket("e", ["blue"]), new BroadcastOptions(new HashSet<string> { "blue" }));
        store.Append(new BroadcastPacket("e", ["not red"]), new BroadcastOptions(null, new HashSet<string> { "red" }));
        store.Append(new BroadcastPacket("e", ["to me"]), new BroadcastOptions(new HashSet<string> { "sid" }));
        store.Persist(new PersistedSession("sid", "pid", ["sid", "red"], NoData));

        var missed = store.Restore("pid", (string)start.Arguments[^1]!)!.MissedPackets;

        missed.Select(p => p.Arguments[0]).Should().Equal("red", "to me");
    }
}
