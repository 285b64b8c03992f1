using SocketIo.Server.Adapters;

namespace SocketIo.Server.Tests.Adapters;

public class RoomIndexTests
{
    private static RoomIndex Index()
    {
        var index = new RoomIndex();
        foreach (var (socket, rooms) in new[] { ("s1", "r1 r2"), ("s2", "r2"), ("s3", "r3"), ("s4", "") })
        {
            index.Join(socket, socket);
            foreach (var room in rooms.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                index.Join(socket, room);
            }
        }

        return index;
    }

    private static List<string> Select(RoomIndex index, string rooms, string except)
    {
        var recipients = new List<string>();
        index.Select(new RoomTarget(Set(rooms), Set(except)), recipients);
        return recipients;
    }

    private static HashSet<string> Set(string names) => [.. names.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    [Theory]
    [InlineData("", "", "s1 s2 s3 s4")]
    [InlineData("r1", "", "s1")]
    [InlineData("r2", "", "s1 s2")]
    [InlineData("r1 r2", "", "s1 s2")]
    [InlineData("r2 r3", "r1", "s2 s3")]
    [InlineData("", "r2", "s3 s4")]
    [InlineData("", "s4", "s1 s2 s3")]
    [InlineData("s3", "", "s3")]
    [InlineData("nope", "", "")]
    [InlineData("r2", "r2", "")]
    public void Selects_members_of_any_room_less_members_of_any_excepted_room_each_once(string rooms, string except, string expected) =>
        Select(Index(), rooms, except).Should().BeEquivalentTo(Set(expected));

    [Fact]
    public void Joining_twice_is_one_membership()
    {
        var index = new RoomIndex();

        index.Join("s1", "r").Should().BeTrue();
        index.Join("s1", "r").Should().BeFalse();

        Select(index, "r", "").Should().Equal("s1");
    }

    [Fact]
    public void Empty_rooms_disappear_and_leave_all_reports_what_was_left()
    {
        var index = Index();
        var left = new List<string>();

        index.LeaveAll("s1", left);

        left.Should().BeEquivalentTo(["s1", "r1", "r2"]);
        var rooms = new List<string>();
        index.AllRooms(rooms);
        rooms.Should().BeEquivalentTo(["s2", "s3", "s4", "r2", "r3"]);
        index.Leave("s3", "r3").Should().BeTrue();
        index.Leave("s3", "r3").Should().BeFalse();
        index.IsMember("s3", "r3").Should().BeFalse();
        index.RoomCount.Should().Be(4);
        index.SocketCount.Should().Be(3);
    }

    [Fact]
    public void Joins_and_leaves_tell_when_a_room_appears_or_disappears()
    {
        var index = new RoomIndex();

        index.Join("s1", "r", out var created).Should().BeTrue();
        created.Should().BeTrue();
        index.Join("s2", "r", out created).Should().BeTrue();
        created.Should().BeFalse();
        index.Join("s2", "r", out created).Should().BeFalse();
        created.Should().BeFalse();
        index.Leave("s1", "r", out var deleted).Should().BeTrue();
        deleted.Should().BeFalse();
        index.Join("s2", "q");
        var left = new List<string>();
        var emptied = new List<string>();
        index.LeaveAll("s2", left, emptied);

        emptied.Should().BeEquivalentTo(["r", "q"]);
        index.HasRoom("r").Should().BeFalse();
        index.HasSocket("s2").Should().BeFalse();
    }

    [Fact]
    public void Rooms_of_a_socket_are_listed()
    {
        var rooms = new List<string>();
        Index().RoomsOf("s1", rooms);
        rooms.Should().BeEquivalentTo(["s1", "r1", "r2"]);
    }

    [Fact]
    public void Concurrent_joins_leaves_and_selects_keep_the_maps_consistent()
    {
        var index = new RoomIndex();
        Parallel.For(0, 2000, i =>
        {
            var socket = "s" + (i % 50);
            index.Join(socket, "r" + (i % 7));
            if (i % 3 == 0)
            {
                index.Leave(socket, "r" + (i % 7));
            }

            var recipients = new List<string>();
            index.Select(new RoomTarget(Set("r1 r2"), Set("r3")), recipients);
            recipients.Should().OnlyHaveUniqueItems();
        });

        var all = new List<string>();
        index.AllRooms(all);
        foreach (var room in all)
        {
            var members = new List<string>();
            index.Select(new RoomTarget(Set(room), Set("")), members);
            members.Should().NotBeEmpty().And.OnlyContain(m => index.IsMember(m, room));
        }
    }
}
