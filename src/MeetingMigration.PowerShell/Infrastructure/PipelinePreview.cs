using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
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
        private readonly List<Change> _changes = new List<Change>();

        private sealed class Change
        {
            public Change(UserIdentity user, DialInUserUpdate update, object? target, string action) => (User, Update, Target, Action) = (user, update, target, action);
            public UserIdentity User { get; }
            public DialInUserUpdate Update { get; }
            /// <summary>The row's input, the target of its error.</summary>
            public object? Target { get; }
            /// <summary>ShouldProcess's action text; its target is the user.</summary>
            public string Action { get; }
        }

        public PipelinePreview(bool createIfMissing) => _createIfMissing = createIfMissing;

        /// <summary>Changes are gathered and not yet shown.</summary>
        public bool Pending => _changes.Count > 0;

        /// <param name="target">The row's input, the target of its error.</param>
        /// <param name="action">The action text of the change's "What if:" line (ShouldProcess(user, action) under -WhatIf).</param>
        public void Add(UserIdentity user, DialInUserUpdate update, object? target, string action) => _changes.Add(new Change(user, update, target, action));

        /// <summary>
        /// Checks the gathered changes and writes each one's line or error; nothing is kept. <paramref name="nonTerminating"/>
        /// is the cmdlet's (a failure of the store is one error), <paramref name="writeError"/> its WriteError,
        /// <paramref name="shouldProcess"/> its ShouldProcess(target, action).
        /// </summary>
        public void Show(ConferencingAdmin admin, Func<Func<CancellationToken, Task>, object?, bool> nonTerminating, Action<ErrorRecord> writeError,
            Func<string, string, bool> shouldProcess)
        {
            if (_changes.Count == 0) return;
            // Taken first: a failure of the check is written through the cmdlet, which flushes here again (OnItemFailing).
            var changes = _changes.ToList();
            _changes.Clear();
            IReadOnlyList<Engine.Errors.MeetingMigrationException?>? failures = null;
            if (!nonTerminating(async token => failures = await Check(admin, changes, token).ConfigureAwait(false), null)) return;
            for (var i = 0; i < changes.Count; i++)
            {
                if (failures![i] is Engine.Errors.MeetingMigrationException failure) writeError(ErrorMapper.ToErrorRecord(failure, changes[i].Target));
                else shouldProcess(changes[i].User.Value, changes[i].Action);
            }
        }

        /// <summary>
        /// The gathered changes when PowerShell ended the pipeline before this cmdlet's end: an error that -ErrorAction Stop
        /// made terminating reached it without passing through the cmdlet (a row the parameter binder refused, an upstream
        /// command's error), so neither OnItemFailing nor EndProcessing ran, and the rows before it, which the run applies,
        /// were shown nothing (outside probe BK-F1). Nothing can be written to the pipeline any more: each change's line
        /// goes to the host as ShouldProcess writes "What if:" lines, and a change the run would refuse as an error line
        /// with its ErrorId, before PowerShell shows the error that ended the pipeline.
        /// </summary>
        public void ShowAfterPipelineEnded(ConferencingAdmin admin, PSHostUserInterface? ui)
        {
            if (_changes.Count == 0 || ui == null) return;
            var changes = _changes.ToList();
            _changes.Clear();
            IReadOnlyList<Engine.Errors.MeetingMigrationException?> failures;
            try
            {
                failures = Task.Run(() => Check(admin, changes, CancellationToken.None)).GetAwaiter().GetResult();
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // A failure of the store: said on the host too, as there is no error stream left.
                var reason = e is Engine.Errors.MeetingMigrationException known ? $"{known.ErrorId}: {known.Message}" : Engine.Errors.QuotedValue.Inert(e.Message, 160);
                ui.WriteErrorLine($"The {changes.Count} change(s) gathered for -WhatIf before the pipeline ended could not be checked ({reason}).");
                return;
            }
            for (var i = 0; i < changes.Count; i++)
            {
                if (failures[i] is Engine.Errors.MeetingMigrationException failure)
                    ui.WriteErrorLine($"{Engine.Errors.QuotedValue.Of(changes[i].User.Value)} would be refused ({failure.ErrorId}): {failure.Message}");
                else
                    ui.WriteLine($"What if: Performing the operation \"{changes[i].Action}\" on target \"{changes[i].User.Value}\".");
            }
        }

        private Task<IReadOnlyList<Engine.Errors.MeetingMigrationException?>> Check(ConferencingAdmin admin, List<Change> changes, CancellationToken token) =>
            admin.PreviewSetUsersAsync(changes.Select(c => (c.User, c.Update)).ToList(), _createIfMissing, token);
    }
}
