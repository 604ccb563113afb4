using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// Everything MeetingMigration keeps: the request queue and its status, tenant settings, the per-meeting journal and
    /// users' audio conferencing and the bridges. The embedded SQLite store implements it; a server database can implement it where
    /// several machines share one queue. Every method is safe to call from several processes at once.
    /// </summary>
    public interface IMigrationStore : IDisposable
    {
        /// <summary>Where the data lives (a file path, or a server name), for display; never contains a secret.</summary>
        string Location { get; }

        Task<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken);
        Task<IReadOnlyList<MigrationRequest>> QueryAsync(MigrationStatusQuery query, CancellationToken cancellationToken);
        /// <summary>Users per state (each user counted once, by their latest request among those the query selects), all four states.</summary>
        Task<IReadOnlyList<StateSummary>> SummarizeAsync(MigrationStatusQuery query, CancellationToken cancellationToken);
        Task<MigrationRequest?> GetAsync(Guid correlationId, CancellationToken cancellationToken);
        /// <summary>Deletes requests (and their journal) created before the given time; returns how many requests went.</summary>
        Task<int> PurgeAsync(DateTime createdBefore, CancellationToken cancellationToken);

        Task<TenantMigrationConfiguration> GetTenantMigrationConfigurationAsync(CancellationToken cancellationToken);
        Task SaveTenantMigrationConfigurationAsync(TenantMigrationConfiguration configuration, CancellationToken cancellationToken);
        Task<DialInConferencingTenantSettings> GetDialInSettingsAsync(CancellationToken cancellationToken);
        Task SaveDialInSettingsAsync(DialInConferencingTenantSettings settings, CancellationToken cancellationToken);
        /// <summary>
        /// Reads, changes, validates and saves the tenant migration configuration in one write transaction, so two sessions
        /// setting different values at once both keep theirs. Returns what was saved.
        /// </summary>
        Task<TenantMigrationConfiguration> UpdateTenantMigrationConfigurationAsync(Action<TenantMigrationConfiguration> change, CancellationToken cancellationToken);
        /// <summary>The same for the dial-in conferencing settings.</summary>
        Task<DialInConferencingTenantSettings> UpdateDialInSettingsAsync(Action<DialInConferencingTenantSettings> change, CancellationToken cancellationToken);

        /// <summary>
        /// Takes the oldest runnable request (Pending, or InProgress with an expired lease) and leases it to one worker.
        /// Two workers never get the same request; a dead worker's lease runs out and the request is taken again.
        /// </summary>
        Task<LeasedRequest?> TryLeaseNextAsync(string workerId, TimeSpan leaseDuration, Guid? onlyCorrelationId, CancellationToken cancellationToken);
        /// <summary>Set when opening this store upgraded its schema (what to tell the admin); null otherwise.</summary>
        StoreUpgrade? Upgraded { get; }
        /// <summary>
        /// The clock the store stamps requests with and judges due times and leases by: on PostgreSQL the server's (every
        /// machine's workers alike), else this machine's. A due time a caller computes (a retry's, a hand-back's) is on it.
        /// </summary>
        IClock Clock { get; }
        /// <summary>
        /// How long until the next request becomes runnable (a due time, a scheduled retry, a lease running out): zero or less
        /// when one is runnable now, null when nothing is queued. A read, cheap enough to ask every fraction of a second.
        /// Measured on the store's clock, which due times and leases are written and judged by (a PostgreSQL server's): a
        /// service that compared the due time with its machine's clock woke its idle loops as late as that clock was behind.
        /// </summary>
        Task<TimeSpan?> TimeUntilNextDueAsync(CancellationToken cancellationToken);
        /// <summary>
        /// The oldest other InProgress request of the same user as <paramref name="request"/>, with its lease (live or run
        /// out); null when there is none. While one holds a live lease, none of the user's other requests can be leased.
        /// </summary>
        Task<RunningRequest?> GetOtherRunningAsync(MigrationRequest request, CancellationToken cancellationToken);
        /// <summary>
        /// The request of the same user as <paramref name="request"/> that the queue runs before it: Pending, due, and ahead of
        /// it in queue order (due time, then time queued), as the service leases them; null when there is none.
        /// </summary>
        Task<MigrationRequest?> GetQueuedAheadAsync(MigrationRequest request, CancellationToken cancellationToken);
        /// <summary>
        /// The undo of the user that ended Failed after putting meetings back and that no undo run since has finished: a
        /// migration of every kind queued for the user now gets an undo queued ahead of it that finishes it
        /// (EnqueueResult.FinishingUndo). Null when there is none. For what -WhatIf says.
        /// </summary>
        Task<Guid?> GetFailedUndoLeftToFinishAsync(string userPrincipalName, CancellationToken cancellationToken);
        /// <summary>Extends a lease; false when the lease was lost (expired and taken by another worker).</summary>
        Task<bool> RenewLeaseAsync(LeasedRequest lease, TimeSpan leaseDuration, CancellationToken cancellationToken);
        /// <summary>Saves counters and state of a leased request; with release, the lease ends. False when the lease was lost.</summary>
        Task<bool> SaveLeasedAsync(LeasedRequest lease, bool release, CancellationToken cancellationToken);

        /// <summary>
        /// Takes a request out of the queue in one write transaction: a Pending request is deleted (it never ran, so it
        /// changed nothing and has no journal); a Failed request loses its scheduled retry. A request that is running or
        /// finished is left as it is; the result says which.
        /// </summary>
        Task<CancelResult> CancelAsync(Guid correlationId, CancellationToken cancellationToken);

        /// <summary>
        /// Queues an undo (Undo-CsMeetingMigration): a Pending request of its own, never merged into a migration; a second
        /// undo of the same scope for the same user while one is Pending returns that one. undoOf: the request whose changes
        /// to take back, or null for every migration of the user.
        /// </summary>
        Task<EnqueueResult> EnqueueUndoAsync(string userPrincipalName, Guid? userId, Guid? undoOf, MigrationType migrationType, CancellationToken cancellationToken);
        /// <summary>Null for a migration; for an undo, the scope: "" (all of the user's migrations) or the undone request's id.</summary>
        Task<string?> GetUndoScopeAsync(Guid correlationId, CancellationToken cancellationToken);
        /// <summary>
        /// The meetings an undo takes back, one journal row each (the migration's Updated row: OldBlock to restore,
        /// NewBlockHash to compare): of one request, or, for the user, each meeting whose latest write was a migration.
        /// </summary>
        Task<IReadOnlyList<JournalEntry>> GetUndoTargetsAsync(string userPrincipalName, Guid? undoOf, CancellationToken cancellationToken);
        /// <summary>
        /// Per meeting of the user, the latest migration's write (its Updated row: the block it replaced, the fingerprint of
        /// the one it wrote), whatever undos wrote since: what an undo that restored the meeting took back.
        /// </summary>
        Task<IReadOnlyDictionary<string, JournalEntry>> GetLatestMigrationWritesAsync(string userPrincipalName, CancellationToken cancellationToken);

        /// <summary>
        /// The meeting's latest migration write (Updated row) by a request queued before <paramref name="queuedBefore"/>, or
        /// null: what an undo takes back where a migration queued after it wrote the meeting since (Undo/UndoProcessor).
        /// </summary>
        Task<JournalEntry?> GetMigrationWriteQueuedBeforeAsync(string userPrincipalName, string eventId, System.DateTime queuedBefore, CancellationToken cancellationToken);

        Task AppendJournalAsync(JournalEntry entry, CancellationToken cancellationToken);
        Task<IReadOnlyList<JournalEntry>> GetJournalAsync(Guid correlationId, CancellationToken cancellationToken);
        /// <summary>What the request's journal says it did so far (all its attempts), counted by the database.</summary>
        Task<JournalCounts> CountJournalAsync(Guid correlationId, CancellationToken cancellationToken);
        /// <summary>
        /// A request that ended Failed takes the counts its journal gives, with <paramref name="note"/> added to its message:
        /// another request settled, in its journal, a write it announced and never saw the end of. No other state is touched.
        /// </summary>
        Task RecountFailedAsync(Guid correlationId, string note, CancellationToken cancellationToken);
        /// <summary>
        /// The journal as the audit shows it, oldest first, streamed: rows are read as the caller enumerates (one connection
        /// held open meanwhile), never all at once. An Attempting row followed by another row of the same request for the same
        /// meeting is left out: the later row says how it ended.
        /// </summary>
        IEnumerable<JournalEntry> ReadJournal(JournalQuery query, CancellationToken cancellationToken);
        /// <summary>
        /// The request's Attempting rows that nothing of the request followed for their meeting: updates an interrupted
        /// attempt (a killed process, a lost lease) announced and never saw the end of. Each row carries its blocks.
        /// </summary>
        Task<IReadOnlyList<JournalEntry>> GetUnsettledAttemptsAsync(Guid correlationId, CancellationToken cancellationToken);
        /// <summary>The latest journal entry per event for this user: how a resumed run knows what it already did.</summary>
        Task<IReadOnlyDictionary<string, JournalEntry>> GetLatestJournalByEventAsync(string userPrincipalName, CancellationToken cancellationToken);

        Task<DialInUser?> GetDialInUserAsync(string userPrincipalName, CancellationToken cancellationToken);
        /// <summary>Every user's audio conferencing, by UPN.</summary>
        Task<IReadOnlyList<DialInUser>> GetDialInUsersAsync(CancellationToken cancellationToken);
        Task<IReadOnlyList<ConferencingBridge>> GetBridgesAsync(CancellationToken cancellationToken);
        /// <summary>
        /// Runs a change of conferencing data in one write transaction (see <see cref="IConferencingEdit"/>): everything it
        /// saves and queues commits together when it returns, and nothing does when it throws.
        /// </summary>
        Task<T> EditConferencingAsync<T>(Func<IConferencingEdit, T> edit, CancellationToken cancellationToken);

        /// <summary>
        /// What an automatic trigger remembers between passes (a delta link, a baseline), as the trigger's own JSON document;
        /// null before its first pass. Name identifies the trigger ("AudioConferencingLicense").
        /// </summary>
        Task<string?> GetTriggerStateAsync(string name, CancellationToken cancellationToken);
        /// <summary>
        /// Replaces a trigger's state only if it is still <paramref name="expected"/> (null: not saved yet), so two services
        /// polling the same store cannot overwrite a newer pass with an older one. False when another pass saved first.
        /// </summary>
        Task<bool> SaveTriggerStateAsync(string name, string? expected, string state, CancellationToken cancellationToken);

        /// <summary>
        /// Takes, or keeps, the named leader lease of this tenant ("AudioConferencingLicense", "Reconciliation"): true when
        /// <paramref name="owner"/> holds it for <paramref name="duration"/> from now. Only one trigger poller or reconciler
        /// runs at a time however many services share the store; when its holder dies, the lease runs out and another
        /// service takes over. A holder renews by asking again before it runs out.
        /// </summary>
        Task<bool> TryHoldLeadershipAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken);

        /// <summary>
        /// Gives the named leader lease up at once when <paramref name="owner"/> holds it (a service stopping cleanly), so
        /// the next service takes the job over without waiting for the lease to run out; nothing when another holds it.
        /// </summary>
        Task ReleaseLeadershipAsync(string name, string owner, CancellationToken cancellationToken);
    }
}
