using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SocketIo.Server.Adapters;
using SocketIo.Server.Parsing.Json;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Adapters;

public sealed class NamespaceAdapterRoomHooksTests
{
    [Fact]
    public void A_room_is_created_by_its_first_member_only()
    {
        var adapter = new RecordingAdapter();

        adapter.AddAll("s1", ["s1", "lobby"]);
        adapter.AddAll("s2", ["s2", "lobby"]);
        adapter.AddAll("s1", ["lobby"]);

        adapter.Events.Should().Equal("+s1", "+lobby", "+s2");
    }

    [Fact]
    public void The_own_room_is_created_with_the_socket_already_known_as_local()
    {
        var adapter = new RecordingAdapter();

        adapter.AddAll("s1", ["s1", "lobby"]);

        adapter.LocalSocketAtCreation.Should().Equal(
            new KeyValuePair<string, bool>("s1", true),
            new KeyValuePair<string, bool>("lobby", false));
    }

    [Fact]
    public void A_room_is_deleted_when_its_last_member_leaves_it()
    {
        var adapter = new RecordingAdapter();
        adapter.AddAll("s1", ["s1", "lobby"]);
        adapter.AddAll("s2", ["s2", "lobby"]);
        adapter.Events.Clear();

        adapter.Del("s1", "lobby");
        adapter.Del("s1", "lobby");
        adapter.Del("s2", "lobby");

        adapter.Events.Should().Equal("-lobby");
        adapter.HasRoom("lobby").Should().BeFalse();
    }

    [Fact]
    public void Leaving_every_room_deletes_the_rooms_left_empty_own_room_included()
    {
        var adapter = new RecordingAdapter();
        adapter.AddAll("s1", ["s1", "lobby", "a"]);
        adapter.AddAll("s2", ["s2", "lobby"]);
        adapter.Events.Clear();

        adapter.DelAll("s1");
        adapter.DelAll("s1");

        adapter.Events.Should().BeEquivalentTo(["-s1", "-a"]);
        adapter.HasRoom("lobby").Should().BeTrue();
        adapter.IsSocket("s1").Should().BeFalse();
        adapter.IsSocket("s2").Should().BeTrue();
    }

    [Fact]
    public void The_hooks_see_the_membership_already_changed()
    {
        var adapter = new RecordingAdapter();

        adapter.AddAll("s1", ["lobby"]);
        adapter.Del("s1", "lobby");

        adapter.RoomExistedAtHook.Should().Equal(true, false);
    }

    private sealed class RecordingAdapter()
        : NamespaceAdapter(new AdapterContext("/", new NoSockets(), new JsonSocketIoParser(), new ManualTimeProvider(), NullLoggerFactory.Instance, null, new JsonSerializerOptions(JsonSerializerDefaults.Web)))
    {
        public List<string> Events { get; } = [];

        public List<KeyValuePair<string, bool>> LocalSocketAtCreation { get; } = [];

        public List<bool> RoomExistedAtHook { get; } = [];

        public bool HasRoom(string room) => HasLocalRoom(room);

        public bool IsSocket(string id) => IsLocalSocket(id);

        protected override void OnRoomCreated(string room)
        {
            Events.Add("+" + room);
            LocalSocketAtCreation.Add(new(room, IsLocalSocket(room)));
            RoomExistedAtHook.Add(HasLocalRoom(room));
        }

        protected override void OnRoomDeleted(string room)
        {
            Events.Add("-" + room);
            RoomExistedAtHook.Add(HasLocalRoom(room));
        }
    }

    private sealed class NoSockets : ILocalSocketRegistry
    {
        public bool TryGetSocket(string id, [NotNullWhen(true)] out ILocalSocket? socket)
        {
            socket = null;
            return false;
        }

        public void DispatchServerSideEmit(IReadOnlyList<object?> arguments, Action<object?>? onAck)
        {
        }

        public long NextAckId() => 0;
    }
}
