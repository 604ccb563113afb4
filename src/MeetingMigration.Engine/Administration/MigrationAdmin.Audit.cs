using System.Collections.Generic;
using System.Threading;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Administration
{
    /// <summary>The audit (Get-CsMeetingMigrationDetail): what was done to each meeting, from the journal.</summary>
    public sealed partial class MigrationAdmin
    {
        /// <summary>Streams the matching journal rows, oldest first; enumerate on one thread and dispose (foreach does).</summary>
        public IEnumerable<JournalEntry> ReadDetails(JournalQuery query, CancellationToken cancellationToken) =>
            _store.ReadJournal(query, cancellationToken);
    }
}
