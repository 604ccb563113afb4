using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    public class HandOffSlotsTests
    {
        [Fact]
        public async Task Slots_are_granted_at_once_while_free_and_then_first_come_first_served()
        {
            var slots = new HandOffSlots(2);
            await slots.WaitAsync(CancellationToken.None);
            await slots.WaitAsync(CancellationToken.None);
            Assert.Equal(0, slots.Free);

            var order = new List<int>();
            var waiting = Enumerable.Range(1, 3).Select(async n =>
            {
                await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                lock (order) order.Add(n);
            }).ToList();
            Assert.Empty(order);

            // Released from a thread-pool thread, as the gateway releases: each waiter's code runs there, inside its Release,
            // so the order recorded is the order granted. (On the test's own thread, xUnit's synchronization context makes
            // the runtime queue the three continuations to the thread pool instead, where they can record out of order.)
            await Task.Run(() =>
            {
                slots.Release();
                slots.Release();
                slots.Release();
            });
            await Task.WhenAll(waiting);
            Assert.Equal(new[] { 1, 2, 3 }, order);
            Assert.Equal(0, slots.Free); // the three took the three slots given back

            slots.Release();
            Assert.Equal(1, slots.Free);
        }

        [Fact]
        public async Task A_freed_slot_lets_its_waiter_go_on_on_the_releasing_thread_before_release_returns()
        {
            var slots = new HandOffSlots(1);
            await slots.WaitAsync(CancellationToken.None);
            int? ranOn = null;
            var waiter = WaitThenRecordAsync();

            Assert.Null(ranOn);
            // Released from a thread-pool thread, as the gateway releases (the test's own thread has xUnit's synchronization
            // context, where no continuation runs inline).
            int releasing = 0;
            int? ranOnWhenReleaseReturned = null;
            bool completedWhenReleaseReturned = false;
            await Task.Run(() =>
            {
                releasing = Environment.CurrentManagedThreadId;
                slots.Release();
                ranOnWhenReleaseReturned = ranOn;
                completedWhenReleaseReturned = waiter.IsCompleted;
            });
            // Nothing was queued to the thread pool: the waiter's code after its await had already run, on that thread.
            Assert.Equal(releasing, ranOnWhenReleaseReturned);
            Assert.True(completedWhenReleaseReturned);
            await waiter;

            async Task WaitThenRecordAsync()
            {
                await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                ranOn = Environment.CurrentManagedThreadId;
            }
        }

        [Fact]
        public async Task A_cancelled_waiter_leaves_the_queue_and_no_slot_is_lost()
        {
            var slots = new HandOffSlots(1);
            await slots.WaitAsync(CancellationToken.None);
            using var cancel = new CancellationTokenSource();
            var cancelled = slots.WaitAsync(cancel.Token);
            var next = slots.WaitAsync(CancellationToken.None);

            cancel.Cancel();
            var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            Assert.Equal(cancel.Token, e.CancellationToken);
            Assert.False(next.IsCompleted);

            slots.Release(); // goes to the waiter behind the cancelled one
            await next;
            Assert.Equal(0, slots.Free);
            slots.Release();
            Assert.Equal(1, slots.Free);
        }

        [Fact]
        public async Task An_already_cancelled_token_gets_no_slot_even_when_one_is_free()
        {
            var slots = new HandOffSlots(1);
            var task = slots.WaitAsync(new CancellationToken(canceled: true));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
            Assert.Equal(1, slots.Free);
        }

        [Fact]
        public async Task A_granted_waiter_is_not_cancelled_afterwards_and_keeps_its_slot()
        {
            var slots = new HandOffSlots(1);
            await slots.WaitAsync(CancellationToken.None);
            using var cancel = new CancellationTokenSource();
            var waiter = slots.WaitAsync(cancel.Token);
            slots.Release();
            cancel.Cancel();
            await waiter; // completed, not cancelled
            Assert.Equal(0, slots.Free);
        }

        [Fact]
        public async Task Many_threads_waiting_releasing_and_cancelling_never_exceed_the_slots_or_lose_one()
        {
            const int count = 4;
            var slots = new HandOffSlots(count);
            int inside = 0, most = 0, granted = 0;
            var random = new Random(5);
            var seeds = Enumerable.Range(0, 64).Select(_ => random.Next()).ToList();
            await Task.WhenAll(seeds.Select(seed => Task.Run(async () =>
            {
                var r = new Random(seed);
                for (int i = 0; i < 200; i++)
                {
                    using var cancel = new CancellationTokenSource();
                    if (r.Next(4) == 0) cancel.CancelAfter(TimeSpan.FromMilliseconds(r.Next(2)));
                    try
                    {
                        await slots.WaitAsync(cancel.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        continue;
                    }
                    var now = Interlocked.Increment(ref inside);
                    int seen;
                    while (now > (seen = Volatile.Read(ref most)) && Interlocked.CompareExchange(ref most, now, seen) != seen) { }
                    Interlocked.Increment(ref granted);
                    if (r.Next(3) == 0) await Task.Yield();
                    Interlocked.Decrement(ref inside);
                    slots.Release();
                }
            })));
            Assert.True(most <= count, $"at most {count} holders at once; saw {most}");
            Assert.True(granted > 0);
            Assert.Equal(count, slots.Free);
        }
    }
}
