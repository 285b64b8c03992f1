using DotnetClient;
using FluentAssertions;
using Xunit;

namespace DotnetClient.Tests;

public class OutboundQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Messages_come_out_in_the_order_they_went_in_and_leave_only_when_removed()
    {
        var queue = new OutboundQueue(10);
        var first = OutgoingMessage.Create("general", "one");
        var second = OutgoingMessage.Create("general", "two");
        queue.TryEnqueue(first).Should().BeTrue();
        queue.TryEnqueue(second).Should().BeTrue();

        (await queue.PeekAsync(CancellationToken.None)).Should().BeSameAs(first);
        (await queue.PeekAsync(CancellationToken.None)).Should().BeSameAs(first, "a message not acknowledged stays first");
        queue.Remove(first);
        (await queue.PeekAsync(CancellationToken.None)).Should().BeSameAs(second);
    }

    [Fact]
    public void A_full_queue_refuses_more()
    {
        var queue = new OutboundQueue(2);
        queue.TryEnqueue(OutgoingMessage.Create("r", "1")).Should().BeTrue();
        queue.TryEnqueue(OutgoingMessage.Create("r", "2")).Should().BeTrue();
        queue.TryEnqueue(OutgoingMessage.Create("r", "3")).Should().BeFalse();
    }

    [Fact]
    public async Task Peek_waits_for_a_message()
    {
        var queue = new OutboundQueue(10);
        var peek = queue.PeekAsync(CancellationToken.None);
        peek.IsCompleted.Should().BeFalse();

        var message = OutgoingMessage.Create("general", "late");
        queue.TryEnqueue(message);
        (await peek.WaitAsync(Patience)).Should().BeSameAs(message);
    }

    [Fact]
    public async Task Removing_a_message_that_is_not_first_changes_nothing()
    {
        var queue = new OutboundQueue(10);
        var first = OutgoingMessage.Create("general", "one");
        var second = OutgoingMessage.Create("general", "two");
        queue.TryEnqueue(first);
        queue.TryEnqueue(second);

        queue.Remove(second);

        queue.WhenEmptyAsync(CancellationToken.None).IsCompleted.Should().BeFalse();
        (await queue.PeekAsync(CancellationToken.None)).Should().BeSameAs(first);
    }

    [Fact]
    public async Task WhenEmpty_completes_once_the_last_message_is_removed()
    {
        var queue = new OutboundQueue(10);
        queue.WhenEmptyAsync(CancellationToken.None).IsCompleted.Should().BeTrue();
        var message = OutgoingMessage.Create("general", "one");
        queue.TryEnqueue(message);
        var empty = queue.WhenEmptyAsync(CancellationToken.None);
        empty.IsCompleted.Should().BeFalse();

        queue.Remove(message);

        await empty.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_cancelled_wait_ends_with_OperationCanceledException()
    {
        var queue = new OutboundQueue(10);
        using var cancel = new CancellationTokenSource();
        var peek = queue.PeekAsync(cancel.Token);

        await cancel.CancelAsync();

        await peek.Invoking(p => p.WaitAsync(Patience)).Should().ThrowAsync<OperationCanceledException>();
    }
}
