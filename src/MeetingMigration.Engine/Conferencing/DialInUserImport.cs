using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Triggers;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>
    /// Import-CsOnlineDialInConferencingUser: loads users' audio conferencing from a CSV export (UTF-8, with or without
    /// BOM; see <see cref="DialInUserImportColumns"/> for the columns). The file is streamed, never held: a first pass
    /// only reads it through (so a file that is not UTF-8 text, or has no usable header, is refused before anything is
    /// written, and progress knows the total), the second applies the rows in batches, each batch one store transaction
    /// with the migrations it queues. A row goes through the same rules as Set-CsOnlineDialInConferencingUser
    /// (ConferencingAdmin.Apply and Queue): a user the store does not have is recorded as a baseline and queues nothing; a
    /// change to an existing user triggers as Set would. A row that breaks a rule is reported and changes nothing; the
    /// other rows are applied. Each user may appear once per file (the import remembers the users it saw, not the rows).
    /// </summary>
    public sealed class DialInUserImport
    {
        public const int DefaultBatchSize = 500;

        private readonly ConferencingAdmin _admin;
        private readonly int _batchSize;

        public DialInUserImport(ConferencingAdmin admin, int batchSize = DefaultBatchSize)
        {
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch holds at least one row.");
            _admin = admin;
            _batchSize = batchSize;
        }

        /// <summary>
        /// Imports the file; with <paramref name="whatIf"/> every row is checked against the store exactly as an import
        /// would, and each batch is rolled back, so nothing is written. Rows that are not applied go to
        /// <paramref name="rowFailed"/> in file order; progress is reported after each batch. Cancellation is honoured
        /// between batches: the batches before it stay applied.
        /// </summary>
        public Task<DialInUserImportSummary> ImportFileAsync(string path, bool whatIf, IProgress<DialInUserImportProgress>? progress,
            Action<ImportRowException>? rowFailed, CancellationToken cancellationToken) =>
            ImportAsync(() => OpenFile(path), path, whatIf, progress, rowFailed, cancellationToken);

        internal async Task<DialInUserImportSummary> ImportAsync(Func<TextReader> open, string source, bool whatIf,
            IProgress<DialInUserImportProgress>? progress, Action<ImportRowException>? rowFailed, CancellationToken cancellationToken)
        {
            var total = CountRows(open, source, cancellationToken);
            var summary = new DialInUserImportSummary { Path = source, WhatIf = whatIf };

            using var reader = open();
            var csv = new CsvRecordReader(reader);
            var columns = DialInUserImportColumns.FromHeader(Next(csv, source, 0, 0), source);
            summary.IgnoredColumns = columns.Ignored.ToList();
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            var batch = new List<ImportRow>(_batchSize);
            long row = 0;
            var more = true;
            while (more)
            {
                batch.Clear();
                while (batch.Count < _batchSize)
                {
                    var record = Next(csv, source, row + 1, whatIf ? 0 : summary.Created + summary.Updated + summary.Unchanged);
                    if (record == null)
                    {
                        more = false;
                        break;
                    }
                    row++;
                    var read = ReadRow(columns, record, row, seen);
                    if (read.TollFreeLeftAsItIs && read.Error == null) summary.TollFreeLeftAsItIs++;
                    batch.Add(read);
                }
                if (batch.Count == 0) break;
                cancellationToken.ThrowIfCancellationRequested();

                var outcome = await ApplyAsync(batch, columns, whatIf, summary, cancellationToken).ConfigureAwait(false);
                summary.Rows += batch.Count;
                summary.Created += outcome.Created;
                summary.Updated += outcome.Updated;
                summary.Unchanged += outcome.Unchanged;
                summary.Queued += outcome.Queued;
                summary.NotQueued += outcome.NotQueued;
                summary.NotQueuedBecause ??= outcome.NotQueuedBecause;
                summary.NotQueuedUsers.AddRange(outcome.NotQueuedUsers.Take(DialInUserImportSummary.MaxNamed - summary.NotQueuedUsers.Count));
                var errors = batch.Where(r => r.Error != null).Select(r => r.Error!).Concat(outcome.Errors).OrderBy(e => e.Row).ToList();
                summary.Failed += errors.Count;
                foreach (var error in errors) rowFailed?.Invoke(error);
                progress?.Report(new DialInUserImportProgress(summary.Rows, Math.Max(total, summary.Rows), summary.Failed));
            }
            summary.TollFreeColumn = columns.NameOf("TollFreeServiceNumber");
            return summary;
        }

        private ImportRow ReadRow(DialInUserImportColumns columns, CsvRecord record, long row, Dictionary<string, long> seen)
        {
            var read = columns.Read(record, row);
            if (read.UserPrincipalName.Length == 0) return read;
            if (seen.TryGetValue(read.UserPrincipalName, out var first))
            {
                read.Error ??= new ImportRowException(row, record.Line, columns.NameOf("UserPrincipalName"),
                    new MeetingMigrationException(ErrorIds.InvalidImportRow, ErrorKind.InvalidArgument,
                        $"{read.UserPrincipalName} is on row {first} already.", read.UserPrincipalName,
                        $"Keep one row per user: merge the values into row {first}, or remove this one."));
            }
            else
            {
                seen[read.UserPrincipalName] = row;
            }
            return read;
        }

        private async Task<BatchOutcome> ApplyAsync(List<ImportRow> rows, DialInUserImportColumns columns, bool whatIf, DialInUserImportSummary before,
            CancellationToken cancellationToken)
        {
            var valid = rows.Where(r => r.Error == null).ToList();
            if (valid.Count == 0) return new BatchOutcome();
            try
            {
                // -WhatIf sees every rule applied, then keeps nothing.
                return await _admin.EditAsync(edit =>
                {
                    var outcome = new BatchOutcome();
                    foreach (var row in valid) ApplyRow(edit, row, columns, outcome);
                    return outcome;
                }, whatIf, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is MeetingMigrationException) && !(e is OperationCanceledException))
            {
                var applied = before.Created + before.Updated + before.Unchanged;
                throw new MeetingMigrationException(ErrorIds.StoreUnavailable, ErrorKind.WriteError,
                    $"The import stopped at row {rows[0].Row}: the store refused the batch ({QuotedValue.Inert(e.Message)}). The {applied} row(s) before it were applied; nothing of this batch was.",
                    _admin.Store.Location,
                    "Fix what the store reports and import the file again: rows already applied come out as Unchanged.", e);
            }
        }

        private void ApplyRow(IConferencingEdit edit, ImportRow row, DialInUserImportColumns columns, BatchOutcome outcome)
        {
            var existing = edit.FindUser(row.UserPrincipalName);
            var change = new ConferencingChange();
            DialInUser updated;
            try
            {
                // A row is an input: for a user who stays Microsoft's, the values of a provider replaced before are not taken
                // (Apply leaves out those of a provider the row itself replaces).
                var update = existing?.Provider == ConferencingProvider.Microsoft && (row.Update.Provider ?? ConferencingProvider.Microsoft) == ConferencingProvider.Microsoft
                    ? ConferencingAdmin.InputForMicrosoft(existing, row.Update)
                    : row.Update;
                updated = ConferencingAdmin.Apply(edit, existing, row.UserPrincipalName, update, change.Triggers);
                ConferencingAdmin.NoConferenceIdWhileDisabled(updated);
            }
            catch (MeetingMigrationException e)
            {
                // Apply writes nothing before it has checked everything: the row is refused whole.
                outcome.Errors.Add(columns.Locate(row, e));
                return;
            }

            if (existing == null)
            {
                edit.Save(updated);
                outcome.Created++;
                return;
            }
            if (Same(existing, updated))
            {
                outcome.Unchanged++;
                return;
            }
            edit.Save(updated);
            outcome.Updated++;
            var toTeams = change.Triggers.Contains(TriggerNames.MovedToTeams);
            _admin.Queue(edit, updated, change, toTeams ? SourceMeetingType.SfB : SourceMeetingType.All, toTeams ? TargetMeetingType.Teams : TargetMeetingType.Current);
            if (change.Queued.Count > 0) outcome.Queued++;
            else if (change.NotQueuedBecause != null)
            {
                outcome.NotQueued++;
                outcome.NotQueuedBecause ??= change.NotQueuedBecause;
                outcome.NotQueuedUsers.Add(updated.UserPrincipalName);
            }
        }

        /// <summary>Compared as the store keeps them, so a property added to DialInUser is compared too.</summary>
        private static bool Same(DialInUser a, DialInUser b) => JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

        /// <summary>
        /// Whether the file can be imported at all: it opens, is UTF-8 text where its header is, and the header names a user
        /// column. Asked before -WhatIf's line and -Confirm's question, which announced an import of a file the run then
        /// refused (outside probe BD-F10); a bad byte further down is found by the import's first pass, before any row is written.
        /// </summary>
        public static void CheckFile(string path)
        {
            using var reader = OpenFile(path);
            DialInUserImportColumns.FromHeader(Next(new CsvRecordReader(reader), path, 0, 0), path);
        }

        /// <summary>The first pass: the header is checked and the rows counted, nothing kept, nothing written.</summary>
        private int CountRows(Func<TextReader> open, string source, CancellationToken cancellationToken)
        {
            using var reader = open();
            var csv = new CsvRecordReader(reader);
            DialInUserImportColumns.FromHeader(Next(csv, source, 0, 0), source);
            var rows = 0;
            while (Next(csv, source, rows + 1, 0) != null)
            {
                if (++rows % _batchSize == 0) cancellationToken.ThrowIfCancellationRequested();
            }
            return rows;
        }

        /// <summary>The next record; a file that stops being readable text is one InvalidImportFile error naming the row.</summary>
        private static CsvRecord? Next(CsvRecordReader csv, string source, long row, int applied)
        {
            try
            {
                return csv.Read();
            }
            catch (Exception e) when (e is DecoderFallbackException || e is IOException)
            {
                // The reader decodes ahead of the rows it returns, so a bad byte is found near, not at, a row: name none.
                var what = e is DecoderFallbackException ? "is not UTF-8 text" : $"could not be read {(row <= 1 ? "at its start" : $"after row {row - 1}")} ({QuotedValue.Inert(e.Message)})";
                throw new MeetingMigrationException(ErrorIds.InvalidImportFile, ErrorKind.InvalidArgument,
                    $"The file {QuotedValue.Of(source)} {what}; " + (applied == 0 ? "nothing was imported." : $"the {applied} row(s) read before were applied."), source,
                    "Save the file as CSV UTF-8 (Excel: 'CSV UTF-8 (Comma delimited)'), then import it again.", e);
            }
        }

        private static TextReader OpenFile(string path)
        {
            // Said in our words before the file system is asked: its own ("Null character in path. (Parameter 'path')", or
            // a 100,000-character path repeated in full) told the admin little (outside probe AM).
            var bad = QuotedValue.IndexOfEscaped(path);
            if (bad >= 0) throw Unopenable(path, $"its path contains the character U+{(int)path[bad]:X4}, which a file path cannot hold");
            if (path.Length > StorePathRules.MaxLength) throw Unopenable(path, $"its path is {path.Length} characters long; a file path has at most {StorePathRules.MaxLength}");
            // Asked before opening: a folder was "you may not read it" (run as root), and a named pipe or a device such as
            // /dev/zero was read for ever without a word (outside probe BD-F1). The import reads its file twice, to check and
            // count the rows and then to import them, so only a regular file will do.
            if (Directory.Exists(path)) throw Unopenable(path, "it is a folder", "Give the path of the CSV file itself, not of its folder.");
            if (FileKind.Of(path) is string special)
                throw Unopenable(path, $"it is {special}, not a regular file (the import reads its file twice: to check and count the rows, then to import them)",
                    "Save the rows to a CSV file first, then import that file.");
            try
            {
                // Shared for writing too: a file a spreadsheet still has open can be read.
                var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 65536, FileOptions.SequentialScan);
                // Invalid bytes throw instead of becoming U+FFFD: a user's address must not be stored mangled. The UTF-8 BOM is
                // skipped as this encoding's preamble; detecting encodings from BOMs instead swapped in a lenient UTF-8 decoder
                // for a file with one, which imported invalid bytes as U+FFFD (an outside probe), and read UTF-16 too.
                return new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, 65536);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                throw new MeetingMigrationException(ErrorIds.InvalidImportFile, ErrorKind.ObjectNotFound,
                    $"The file {QuotedValue.Of(path)} does not exist; nothing was imported.", path, "Check the path (a relative path is taken from the current location).", e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                var reason = e is UnauthorizedAccessException ? "you may not read it"
                    : e is PathTooLongException ? "its path is longer than this file system allows"
                    // The OS's words, without the path they may repeat (it is quoted, shortened, before them).
                    : QuotedValue.Inert(e.Message.Replace(path, "…"));
                throw Unopenable(path, reason, e);
            }
        }

        private static MeetingMigrationException Unopenable(string path, string reason, Exception? inner = null) =>
            Unopenable(path, reason, "Give the path of a CSV file you can read.", inner);

        private static MeetingMigrationException Unopenable(string path, string reason, string advice, Exception? inner = null) =>
            new MeetingMigrationException(ErrorIds.InvalidImportFile, ErrorKind.InvalidArgument,
                $"The file {QuotedValue.Of(path)} cannot be opened: {reason.TrimEnd('.')}. Nothing was imported.", path, advice, inner);

        private sealed class BatchOutcome
        {
            public int Created;
            public int Updated;
            public int Unchanged;
            public int Queued;
            public int NotQueued;
            public string? NotQueuedBecause;
            public List<string> NotQueuedUsers { get; } = new List<string>();
            public List<ImportRowException> Errors { get; } = new List<ImportRowException>();
        }
    }
}
