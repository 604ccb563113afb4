using System;

namespace MeetingMigration.Engine.Reconciliation
{
    /// <summary>How a reconciliation pass runs: whether it queues, and how it is paced.</summary>
    public sealed class ReconciliationOptions
    {
        /// <summary>
        /// Queue each user with stale meetings (Trigger Reconciliation, after the tenant's TriggerDelay) when the tenant's
        /// switches allow it. Off: the pass only reports.
        /// </summary>
        public bool Queue { get; set; }
        /// <summary>A pause after each user, so a pass over many users spreads its reads out instead of using Exchange's budget at once.</summary>
        public TimeSpan DelayBetweenUsers { get; set; } = TimeSpan.Zero;
        /// <summary>Users checked at most in one pass; 0 checks them all. The next pass goes on after the last one checked.</summary>
        public int MaxUsers { get; set; }
        /// <summary>
        /// Where the previous pass stopped (its <see cref="ReconciliationPass.LastUser"/>): this pass starts with the next
        /// user in order and wraps around, so with a cap every user gets their turn.
        /// </summary>
        public string? StartAfter { get; set; }
    }
}
