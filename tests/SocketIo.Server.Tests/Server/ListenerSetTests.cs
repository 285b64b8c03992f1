namespace SocketIo.Server.Tests.Server;

public sealed class ListenerSetTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new();

    // Both sizes: the linear array, and the grouped index past ListenerSet.LinearLimit listeners.
    public static TheoryData<int> Padding => new() { 0, ListenerSet.LinearLimit };

    private static List<string> Run(ListenerSet set, string eventName)
    {
        var heard = new List<string>();
        var invocation = new EventInvocation(null, eventName, new SocketIoArguments([heard], Options), SocketIoAck.None, cancelledByDisconnection: false);
        foreach (var listener in set.Get(eventName))
        {
            Completed(listener.Invoke(invocation));
        }

        return heard;
    }

    private static void Completed(ValueTask task) => task.IsCompletedSuccessfully.Should().BeTrue();

    private static ListenerSet Padded(int padding)
    {
        var set = new ListenerSet();
        for (var i = 0; i < padding; i++)
        {
            set.Add($"pad{i}", Tag($"pad{i}"));
        }

        return set;
    }

    private static Action<SocketIoArguments> Tag(string tag) => args => ((List<string>)args[0]!).Add(tag);

    [Theory]
    [MemberData(nameof(Padding))]
    public void Listeners_of_an_event_run_in_registration_order_and_others_do_not(int padding)
    {
        var set = Padded(padding);
        set.Add("a", Tag("a1"));
        set.Add("b", Tag("b1"));
        set.Add("a", Tag("a2"));

        Run(set, "a").Should().Equal("a1", "a2");
        Run(set, "b").Should().Equal("b1");
        Run(set, "c").Should().BeEmpty();
        set.Has("a").Should().BeTrue();
        set.Has("c").Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Padding))]
    public void Find_returns_the_registered_name_string(int padding)
    {
        var set = Padded(padding);
        var name = new string("chat".AsSpan());
        set.Add(name, Tag("x"));

        set.Find("chat".AsSpan()).Should().BeSameAs(name);
        set.Find("cha".AsSpan()).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Padding))]
    public void Disposing_a_registration_removes_that_listener_only_even_when_the_same_delegate_is_added_twice(int padding)
    {
        var set = Padded(padding);
        var h = Tag("h");
        var first = set.Add("a", h);
        set.Add("a", Tag("g"));
        set.Add("a", h);

        first.Dispose();
        Run(set, "a").Should().Equal("g", "h");

        first.Dispose(); // a second dispose removes nothing more
        Run(set, "a").Should().Equal("g", "h");
    }

    [Theory]
    [MemberData(nameof(Padding))]
    public void Remove_with_a_handler_removes_each_of_its_registrations_of_that_event(int padding)
    {
        var set = Padded(padding);
        var h = Tag("h");
        set.Add("a", h);
        set.Add("a", Tag("g"));
        set.Add("a", h);
        set.Add("b", h);

        set.Remove("a", h);

        Run(set, "a").Should().Equal("g");
        Run(set, "b").Should().Equal("h");
    }

    [Theory]
    [MemberData(nameof(Padding))]
    public void Remove_without_a_handler_removes_every_listener_of_the_event(int padding)
    {
        var set = Padded(padding);
        set.Add("a", Tag("a1"));
        set.Add("a", Tag("a2"));
        set.Add("b", Tag("b1"));

        set.Remove("a", null);
        set.Remove("missing", null);

        set.Has("a").Should().BeFalse();
        Run(set, "b").Should().Equal("b1");
        if (padding > 0)
        {
            Run(set, "pad0").Should().Equal("pad0");
        }
    }

    [Fact]
    public void Growing_past_the_linear_limit_and_shrinking_back_keeps_every_listener_in_order()
    {
        var set = new ListenerSet();
        var registrations = new List<IDisposable>();
        for (var i = 0; i < ListenerSet.LinearLimit * 2; i++)
        {
            registrations.Add(set.Add(i % 2 == 0 ? "even" : "odd", Tag(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        Run(set, "even").Should().Equal("0", "2", "4", "6", "8", "10", "12", "14");
        for (var i = 0; i < ListenerSet.LinearLimit + 2; i++)
        {
            registrations[i].Dispose();
        }

        Run(set, "even").Should().Equal("10", "12", "14");
        Run(set, "odd").Should().Equal("11", "13", "15");
    }

    [Fact]
    public void A_snapshot_being_run_is_not_changed_by_listeners_it_runs()
    {
        var set = new ListenerSet();
        var heard = new List<string>();
        set.Add("a", () =>
        {
            heard.Add("first");
            set.Add("a", () => heard.Add("added"));
            set.Remove("a", null);
        });
        set.Add("a", () => heard.Add("second"));

        var invocation = new EventInvocation(null, "a", new SocketIoArguments([], Options), SocketIoAck.None, cancelledByDisconnection: false);
        foreach (var listener in set.Get("a"))
        {
            Completed(listener.Invoke(invocation));
        }

        heard.Should().Equal("first", "second");
        set.Has("a").Should().BeFalse();
    }

    [Fact]
    public void A_copy_is_independent_of_its_source()
    {
        var parent = new ListenerSet();
        var inherited = parent.Add("a", Tag("parent"));
        var child = new ListenerSet();
        child.CopyFrom(parent);

        child.Add("a", Tag("child"));
        inherited.Dispose();

        Run(parent, "a").Should().BeEmpty();
        Run(child, "a").Should().Equal("parent", "child");
    }

    [Theory]
    [MemberData(nameof(Padding))]
    public void Looking_listeners_up_allocates_nothing(int padding)
    {
        var set = Padded(padding);
        set.Add("chat", Tag("chat"));
        var found = 0;
        void LookUp()
        {
            found += set.Find("chat".AsSpan()) is null ? 0 : 1;
            found += set.Has("none") ? 1 : 0;
            foreach (var listener in set.Get("chat"))
            {
                found += listener.EventName.Length;
            }
        }

        LookUp();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            LookUp();
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        found.Should().Be(101 * 5);
    }
}
