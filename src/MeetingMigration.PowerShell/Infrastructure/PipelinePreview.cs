using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// The -WhatIf of a Set cmdlet fed a pipeline: its changes are gathered and checked together at the pipeline's end, each
    /// against the store as the ones before it would leave it (ConferencingAdmin.PreviewSetUsersAsync), then each is shown
    /// ("What if: …") or refused with the run's error, in input order. Checked one by one against the store as it is, a
    /// conference ID swap between two rows was refused by -WhatIf and done by the run, and two rows taking one ID both
    /// passed (outside probe BI-F1). A question (-Confirm) still checks each change as it comes: the ones before it ran.
    /// The gathered changes are also shown before any row's own error (the cmdlet's OnItemFailing): with -ErrorAction Stop
    /// that error ends the pipeline, and the rows before it, which the run applies, were shown nothing (outside probe BJ-F2);
    /// without it, an error came out above the lines of the rows before it (BJ-F1).
    /// </summary>
    internal sealed class PipelinePreview
    {
        private readonly bool _createIfMissing;
        private readonly List<(UserIdentity User, DialInUserUpdate Update, object? Target, Func<bool> Show)> _changes =
            new List<(UserIdentity, DialInUserUpdate, object?, Func<bool>)>();

        public PipelinePreview(bool createIfMissing) => _createIfMissing = createIfMissing;

        /// <param name="show">Writes the change's "What if:" line (ShouldProcess under -WhatIf).</param>
        public void Add(UserIdentity user, DialInUserUpdate update, object? target, Func<bool> show) => _changes.Add((user, update, target, show));

        /// <summary>
        /// Checks the gathered changes and writes each one's line or error; nothing is kept. <paramref name="nonTerminating"/>
        /// is the cmdlet's (a failure of the store is one error), <paramref name="writeError"/> its WriteError.
        /// </summary>
        public void Show(ConferencingAdmin admin, Func<Func<CancellationToken, Task>, object?, bool> nonTerminating, Action<ErrorRecord> writeError)
        {
            if (_changes.Count == 0) return;
            // Taken first: a failure of the check is written through the cmdlet, which flushes here again (OnItemFailing).
            var changes = _changes.ToList();
            _changes.Clear();
            var list = changes.Select(c => (c.User, c.Update)).ToList();
            IReadOnlyList<Engine.Errors.MeetingMigrationException?>? failures = null;
            if (!nonTerminating(async token => failures = await admin.PreviewSetUsersAsync(list, _createIfMissing, token).ConfigureAwait(false), null)) return;
            for (var i = 0; i < changes.Count; i++)
            {
                if (failures![i] is Engine.Errors.MeetingMigrationException failure) writeError(ErrorMapper.ToErrorRecord(failure, changes[i].Target));
                else changes[i].Show();
            }
        }
    }
}
