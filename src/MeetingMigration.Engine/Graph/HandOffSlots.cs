using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// A mailbox's request slots (Exchange's four in flight): an async semaphore whose waiters are served first come, first
    /// served, that hands a freed slot straight to the next waiter and lets that waiter go on at once, on the thread that
    /// freed it, so the waiting request is sent before the freeing thread goes back to its own work. A SemaphoreSlim queues
    /// the waiter's continuation to the thread pool instead: when a round of answers arrived together, that continuation
    /// waited behind the other answers' work with its slot granted and unused (4 % of the slots' time at 64 mailboxes,
    /// issue 9), and the mailbox sent its next request late although Exchange had room for it.
    /// </summary>
    internal sealed class HandOffSlots
    {
        private readonly object _gate = new object();
        private readonly LinkedList<Waiter> _waiters = new LinkedList<Waiter>();
        private int _free;

        public HandOffSlots(int count) => _free = count;

        /// <summary>Slots free now (for tests and diagnostics).</summary>
        public int Free
        {
            get { lock (_gate) return _free; }
        }

        /// <summary>Completes when the caller holds a slot; cancelled, the caller never gets one and none is lost.</summary>
        public Task WaitAsync(CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
            lock (_gate)
            {
                if (_free > 0)
                {
                    _free--;
                    return Task.CompletedTask;
                }
            }

            var waiter = new Waiter(this, cancellationToken);
            // Registered before the waiter is queued, so a grant never races a registration still to be made (which would
            // then stay on a long-lived token for good); a cancellation that comes first marks the waiter instead.
            if (cancellationToken.CanBeCanceled)
                waiter.Registration = cancellationToken.Register(state => ((Waiter)state!).Cancel(), waiter);
            bool grantedAtOnce = false;
            lock (_gate)
            {
                if (waiter.Cancelled) return waiter.Completion.Task;
                if (_free > 0)
                {
                    // Freed while the registration was made. A cancellation racing this only marks a waiter nobody awaits:
                    // the caller holds the slot and gives it back as usual.
                    _free--;
                    grantedAtOnce = true;
                }
                else waiter.Node = _waiters.AddLast(waiter);
            }
            if (!grantedAtOnce) return waiter.Completion.Task;
            waiter.Registration.Dispose();
            return Task.CompletedTask;
        }

        /// <summary>Gives a slot back: to the longest waiter, whose continuation runs here and now, or to the free count.</summary>
        public void Release()
        {
            Waiter? next = null;
            lock (_gate)
            {
                var first = _waiters.First;
                if (first == null) _free++;
                else
                {
                    _waiters.RemoveFirst();
                    next = first.Value;
                    next.Node = null;
                    next.Granted = true;
                }
            }
            if (next == null) return;
            // Outside the lock: disposing waits for a cancellation callback under way, which takes the lock.
            next.Registration.Dispose();
            next.Completion.TrySetResult(true);
        }

        private sealed class Waiter
        {
            private readonly HandOffSlots _owner;
            private readonly CancellationToken _token;

            public Waiter(HandOffSlots owner, CancellationToken token)
            {
                _owner = owner;
                _token = token;
            }

            /// <summary>No RunContinuationsAsynchronously: completing it runs the waiter's continuation on the releasing thread.</summary>
            public TaskCompletionSource<bool> Completion { get; } = new TaskCompletionSource<bool>();
            public CancellationTokenRegistration Registration;
            public LinkedListNode<Waiter>? Node;
            public bool Granted, Cancelled;

            public void Cancel()
            {
                lock (_owner._gate)
                {
                    if (Granted || Cancelled) return;
                    Cancelled = true;
                    if (Node != null)
                    {
                        _owner._waiters.Remove(Node);
                        Node = null;
                    }
                }
                Completion.TrySetCanceled(_token);
            }
        }
    }
}
