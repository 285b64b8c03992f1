using SocketIo.Server.Adapters;

namespace SocketIo.Server.Tests.Adapters;

public sealed class SmallStringSetTests
{
    // Sizes on each side of every change of representation: empty, one member, an array, a hash set.
    public static TheoryData<int> Sizes => new() { 0, 1, 2, SmallStringSet.ArrayLimit, SmallStringSet.ArrayLimit + 1, 50 };

    private static string Name(int i) => "m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static SmallStringSet Filled(int count)
    {
        var set = default(SmallStringSet);
        for (var i = 0; i < count; i++)
        {
            set.Add(Name(i)).Should().BeTrue();
        }

        return set;
    }

    private static List<string> Members(SmallStringSet set)
    {
        var members = new List<string>();
        foreach (var member in set)
        {
            members.Add(member);
        }

        return members;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Added_members_are_counted_contained_and_enumerated_in_insertion_order(int count)
    {
        var set = Filled(count);

        set.Count.Should().Be(count);
        Members(set).Should().Equal(Enumerable.Range(0, count).Select(Name));
        for (var i = 0; i < count; i++)
        {
            set.Contains(Name(i)).Should().BeTrue();
        }

        set.Contains(Name(count)).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Adding_a_member_again_changes_nothing(int count)
    {
        var set = Filled(count);
        for (var i = 0; i < count; i++)
        {
            set.Add(new string(Name(i).AsSpan())).Should().BeFalse(); // equal, not the same string
        }

        set.Count.Should().Be(count);
        Members(set).Should().Equal(Enumerable.Range(0, count).Select(Name));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Removing_members_one_by_one_empties_the_set(int count)
    {
        var set = Filled(count);
        set.Remove("absent").Should().BeFalse();

        for (var i = count - 1; i >= 0; i -= 2)
        {
            set.Remove(Name(i)).Should().BeTrue();
            set.Remove(Name(i)).Should().BeFalse();
            set.Contains(Name(i)).Should().BeFalse();
        }

        var left = Enumerable.Range(0, count).Where(i => (count - 1 - i) % 2 != 0).Select(Name).ToList();
        set.Count.Should().Be(left.Count);
        Members(set).Should().BeEquivalentTo(left);
        foreach (var name in left)
        {
            set.Remove(name).Should().BeTrue();
        }

        set.Count.Should().Be(0);
        Members(set).Should().BeEmpty();
    }

    [Fact]
    public void Removing_from_the_middle_of_a_small_set_keeps_the_others_in_order()
    {
        var set = Filled(4);

        set.Remove(Name(1)).Should().BeTrue();
        set.Add("late").Should().BeTrue();

        Members(set).Should().Equal(Name(0), Name(2), Name(3), "late");
    }

    [Fact]
    public void Members_compare_ordinally()
    {
        var set = default(SmallStringSet);
        set.Add("room").Should().BeTrue();
        set.Add("Room").Should().BeTrue();
        set.Contains("ROOM").Should().BeFalse();
        set.Count.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Enumerating_and_looking_up_allocate_nothing(int count)
    {
        var set = Filled(count);
        var seen = 0;
        void Read()
        {
            foreach (var member in set)
            {
                seen += member.Length;
            }

            seen += set.Contains("absent") ? 1 : 0;
        }

        Read();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Read();
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
