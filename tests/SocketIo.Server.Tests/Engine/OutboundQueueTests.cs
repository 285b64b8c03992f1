using SocketIo.Server.Engine;

namespace SocketIo.Server.Tests.Engine;

public class OutboundQueueTests
{
    private static EngineMessage Message(int length) => EngineMessage.Binary(new byte[length]);

    private static OutboundEnqueueResult Enqueue(OutboundQueue queue, EngineMessage message, bool isVolatile = false) =>
        queue.Enqueue([message], isVolatile);

    [Fact]
    public void A_send_below_the_limit_is_queued_even_when_it_takes_the_queue_over_it()
    {
        var queue = new OutboundQueue(limit: 100);

        Enqueue(queue, Message(60)).Should().Be(OutboundEnqueueResult.Queued);
        Enqueue(queue, Message(60)).Should().Be(OutboundEnqueueResult.Queued);

        queue.BufferedBytes.Should().Be(120, "the bound is the limit plus one message");
    }

    [Fact]
    public void A_send_while_at_or_over_the_limit_overflows_and_the_queue_lets_go_of_everything()
    {
        var queue = new OutboundQueue(limit: 100);
        Enqueue(queue, Message(100));

        Enqueue(queue, Message(1)).Should().Be(OutboundEnqueueResult.Overflow);

        queue.BufferedBytes.Should().Be(0);
        queue.IsDiscarded.Should().BeTrue();
        var drained = new List<EngineMessage>();
        queue.DrainTo(drained).Should().Be(0);
        drained.Should().BeEmpty();
        Enqueue(queue, Message(1)).Should().Be(OutboundEnqueueResult.Refused, "only the first overflow closes the session");
        queue.PeakBufferedBytes.Should().Be(100);
    }

    [Fact]
    public void A_volatile_unit_that_does_not_fit_is_dropped_and_nothing_else_changes()
    {
        var queue = new OutboundQueue(limit: 100);
        Enqueue(queue, Message(70));

        Enqueue(queue, Message(31), isVolatile: true).Should().Be(OutboundEnqueueResult.Dropped);
        Enqueue(queue, Message(30), isVolatile: true).Should().Be(OutboundEnqueueResult.Queued);
        Enqueue(queue, Message(1), isVolatile: true).Should().Be(OutboundEnqueueResult.Dropped);

        queue.BufferedBytes.Should().Be(100);
        queue.IsDiscarded.Should().BeFalse();
    }

    [Fact]
    public void A_unit_is_counted_whole_and_judged_whole()
    {
        var queue = new OutboundQueue(limit: 100);

        queue.Enqueue([Message(40), Message(40)], isVolatile: true).Should().Be(OutboundEnqueueResult.Queued);
        queue.Enqueue([Message(10), Message(11)], isVolatile: true).Should().Be(OutboundEnqueueResult.Dropped);

        queue.BufferedBytes.Should().Be(80);
    }

    [Fact]
    public void Protocol_packets_are_queued_over_the_limit_without_overflowing()
    {
        var queue = new OutboundQueue(limit: 100);
        Enqueue(queue, Message(150));

        queue.EnqueueControl(Message(1));

        queue.IsDiscarded.Should().BeFalse("a ping must not be what disconnects a busy client");
        queue.BufferedBytes.Should().Be(151);
    }

    [Fact]
    public void Drained_packets_stay_counted_until_released_then_the_count_is_back_to_zero()
    {
        var queue = new OutboundQueue(limit: 100);
        Enqueue(queue, Message(60));
        Enqueue(queue, Message(50));
        var batch = new List<EngineMessage>();

        queue.DrainTo(batch).Should().Be(110);

        queue.BufferedBytes.Should().Be(110, "a drained batch whose send is blocked still holds memory");
        Enqueue(queue, Message(1)).Should().Be(OutboundEnqueueResult.Overflow, "what the transport holds counts");

        var healthy = new OutboundQueue(limit: 100);
        Enqueue(healthy, Message(60));
        healthy.DrainTo(batch);
        healthy.Release(60);
        healthy.BufferedBytes.Should().Be(0);
        Enqueue(healthy, Message(99)).Should().Be(OutboundEnqueueResult.Queued);
    }

    [Fact]
    public void Releases_after_a_discard_do_not_drive_the_count_negative()
    {
        var queue = new OutboundQueue(limit: 100);
        Enqueue(queue, Message(60));
        queue.DrainTo([]);

        queue.Discard();
        queue.Release(60);

        queue.BufferedBytes.Should().Be(0);
        Enqueue(queue, Message(1)).Should().Be(OutboundEnqueueResult.Refused);
    }

    [Fact]
    public async Task A_discard_releases_a_waiting_transport()
    {
        var queue = new OutboundQueue(limit: 100);
        var waiting = queue.WaitAsync(new WakeSignal(), CancellationToken.None);
        waiting.IsCompleted.Should().BeFalse();

        queue.Discard();

        await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Concurrent_producers_and_a_draining_consumer_keep_exact_accounting_and_per_producer_order()
    {
        const int Producers = 4;
        const int PerProducer = 20_000;
        var queue = new OutboundQueue(limit: long.MaxValue);
        var messages = new EngineMessage[Producers][];
        for (var p = 0; p < Producers; p++)
        {
            messages[p] = new EngineMessage[PerProducer];
            for (var i = 0; i < PerProducer; i++)
            {
                messages[p][i] = EngineMessage.Binary([(byte)p, (byte)(i % 7)]);
            }
        }

        var index = new Dictionary<EngineMessage, (int Producer, int Sequence)>(ReferenceEqualityComparer.Instance);
        for (var p = 0; p < Producers; p++)
        {
            for (var i = 0; i < PerProducer; i++)
            {
                index[messages[p][i]] = (p, i);
            }
        }

        var producing = Enumerable.Range(0, Producers)
            .Select(p => Task.Run(() =>
            {
                foreach (var message in messages[p])
                {
                    queue.Enqueue([message], isVolatile: false).Should().Be(OutboundEnqueueResult.Queued);
                }
            }))
            .ToArray();

        var next = new int[Producers];
        var received = 0;
        var batch = new List<EngineMessage>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var signal = new WakeSignal();
        while (received < Producers * PerProducer)
        {
            await queue.WaitAsync(signal, timeout.Token);
            queue.DrainTo(batch);
            foreach (var message in batch)
            {
                var (producer, sequence) = index[message];
                sequence.Should().Be(next[producer]);
                next[producer]++;
                queue.Release(message.Length);
            }

            received += batch.Count;
            batch.Clear();
        }

        await Task.WhenAll(producing);
        queue.BufferedBytes.Should().Be(0);
        queue.PeakBufferedBytes.Should().BeInRange(2, 2L * Producers * PerProducer);
    }

    [Fact]
    public void Concurrent_producers_against_a_stuck_consumer_overflow_exactly_once()
    {
        var queue = new OutboundQueue(limit: 10_000);
        var message = Message(100);
        var results = new System.Collections.Concurrent.ConcurrentBag<OutboundEnqueueResult>();

        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                results.Add(queue.Enqueue([message], isVolatile: false));
            }
        });

        results.Count(r => r == OutboundEnqueueResult.Overflow).Should().Be(1);
        results.Count(r => r == OutboundEnqueueResult.Queued).Should().Be(100);
        queue.PeakBufferedBytes.Should().Be(10_000);
        queue.BufferedBytes.Should().Be(0);
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_the_same_signal_waits_again()
    {
        var queue = new OutboundQueue(limit: 100);
        var signal = new WakeSignal();
        using var cancel = new CancellationTokenSource();
        var first = queue.WaitAsync(signal, cancel.Token);
        await cancel.CancelAsync();

        var act = async () => await first;
        await act.Should().ThrowAsync<OperationCanceledException>();

        var second = queue.WaitAsync(signal, CancellationToken.None);
        second.IsCompleted.Should().BeFalse();
        Enqueue(queue, Message(1)).Should().Be(OutboundEnqueueResult.Queued);
        await second.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task One_signal_serves_many_waits_in_turn()
    {
        var queue = new OutboundQueue(limit: 1_000_000);
        var signal = new WakeSignal();
        var batch = new List<EngineMessage>();
        for (var i = 0; i < 100; i++)
        {
            var waiting = queue.WaitAsync(signal, CancellationToken.None);
            var producer = Task.Run(() => Enqueue(queue, Message(1)));
            await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            await producer;
            queue.DrainTo(batch);
            batch.Should().ContainSingle();
            batch.Clear();
        }
    }
}
