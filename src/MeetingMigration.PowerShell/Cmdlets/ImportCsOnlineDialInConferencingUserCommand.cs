using System;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Loads users' audio conferencing from a CSV export; new users are recorded as they are, changed users are migrated as Set-CsOnlineDialInConferencingUser would.</para>
    /// </summary>
    [Cmdlet(VerbsData.Import, "CsOnlineDialInConferencingUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Output.DialInUserImportSummary))]
    public sealed class ImportCsOnlineDialInConferencingUserCommand : MeetingMigrationCmdlet
    {
        private const int ProgressActivityId = 7302;

        /// <summary>The CSV file (UTF-8, with or without BOM), relative to the current location or absolute.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [OneValue]
        public string Path { get; set; } = "";

        protected override void ProcessRecord()
        {
            string path;
            try
            {
                path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is DriveNotFoundException || e is ProviderNotFoundException
                                      || e is NotSupportedException || e is ArgumentException || e is PSInvalidOperationException)
            {
                ThrowTerminatingError(ErrorMapper.Create(ErrorIds.InvalidImportFile, ErrorKind.InvalidArgument,
                    $"{QuotedValue.Of(Path)} is not a file path: {QuotedValue.Inert(e.Message)} Nothing was imported.", Path, "Give the path of a CSV file on a file system drive."));
                return;
            }

            // A file that cannot be imported is said before -WhatIf's line or -Confirm's question (outside probe BD-F10).
            // -WhatIf then checks every row as the import would and writes nothing; a "no" to -Confirm reads no row.
            try
            {
                DialInUserImport.CheckFile(path);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, path));
                return;
            }
            var whatIf = !Confirmed(path, "Import users' audio conferencing");
            if (whatIf && !IsWhatIf) return;

            var shown = false;
            var progress = new SynchronousProgress<DialInUserImportProgress>(p => Post(() =>
            {
                shown = true;
                WriteProgress(new ProgressRecord(ProgressActivityId, $"Importing dial-in users from {path}", $"{p.RowsRead} of {p.TotalRows} rows, {p.Failed} not imported")
                {
                    PercentComplete = p.TotalRows == 0 ? 100 : (int)Math.Min(100, 100L * p.RowsRead / p.TotalRows),
                });
            }));
            // One non-terminating error per row, in file order; the others go on.
            Action<Engine.Conferencing.ImportRowException> rowFailed = e => Post(() => WriteError(ErrorMapper.ToErrorRecord(e, e.Target)));

            DialInUserImportSummary? summary = null;
            Exception? failure = null;
            try
            {
                summary = RunBlocking(token => new DialInUserImport(Session.Conferencing).ImportFileAsync(path, whatIf, progress, rowFailed, token));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                failure = e;
            }
            // Closed before a terminating error too: nothing may be written once it is thrown.
            if (shown) WriteProgress(new ProgressRecord(ProgressActivityId, $"Importing dial-in users from {path}", "Done") { RecordType = ProgressRecordType.Completed });
            if (failure != null) ThrowTerminatingError(ErrorMapper.ToErrorRecord(failure, path));

            if (summary!.IgnoredColumns.Count > 0)
                WriteWarning($"Columns not read (the import does not know them): {string.Join(", ", summary.IgnoredColumns)}. Check their names if they hold values to import.");
            if (summary.TollFreeLeftAsItIs > 0)
                WriteWarning(Engine.Model.ExportedListText.LeftAsItIs($"{summary.TollFreeColumn} ({summary.TollFreeLeftAsItIs} row(s))",
                    "Write the numbers separated by semicolons to import them."));
            // Named, so the admin can queue exactly them: the first ten here, all of the summary's in NotQueuedUsers.
            var named = string.Join(", ", summary.NotQueuedUsers.Take(10)) + (summary.NotQueued > 10 ? $" and {summary.NotQueued - 10} more (NotQueuedUsers of the summary)" : "");
            var warning = ConferencingChangeReport.NotQueuedWarning($"{summary.NotQueued} changed user(s) ({named})", "their changes", summary.NotQueuedBecause, "<user>");
            if (summary.NotQueued > 0 && warning != null) WriteWarning(warning);
            WriteVerbose($"{path}: {summary.Rows} row(s): {summary.Created} created, {summary.Updated} updated, {summary.Unchanged} unchanged, " +
                         $"{summary.Failed} not imported; {summary.Queued} migration(s) queued{(whatIf ? " (-WhatIf: nothing was written)" : "")}.");
            WriteObject(new Output.DialInUserImportSummary(summary));
        }
    }
}
