using System;
using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>A data row read into an update, or the reason it cannot be applied.</summary>
    internal sealed class ImportRow
    {
        public long Row { get; set; }
        public long Line { get; set; }
        public IReadOnlyList<string> Fields { get; set; } = Array.Empty<string>();
        public string UserPrincipalName { get; set; } = "";
        public DialInUserUpdate Update { get; set; } = new DialInUserUpdate();
        public ImportRowException? Error { get; set; }
        /// <summary>The toll-free cell held a list's type name (an Export-Csv of Get's output): the numbers were left as stored.</summary>
        public bool TollFreeLeftAsItIs { get; set; }
    }

    /// <summary>
    /// The columns of an import file, from its header (names compared case-insensitively, in any order), and the reading
    /// of a row into a <see cref="DialInUserUpdate"/>. An empty cell leaves that value as the store has it, as a parameter
    /// left out of Set does. Only the reading of cells is here; every conferencing rule is ConferencingAdmin's.
    /// </summary>
    internal sealed class DialInUserImportColumns
    {
        private const string Identity = "UserPrincipalName";
        /// <summary>Other names of the identity column, used when there is no UserPrincipalName column (first wins).</summary>
        private static readonly string[] IdentityAliases = { "Identity", "SipAddress" };
        private static readonly string[] Readable =
        {
            "ConferenceId", "BridgeName", "BridgeId", "ServiceNumber", "TollFreeServiceNumber", "AllowPstnOnlyMeetings", "AllowTollFreeDialIn", "Provider",
            "ProviderName", "Enabled", "JoinUrl", "DialInUrl", "Home",
        };
        /// <summary>
        /// Columns of an export of Get-CsOnlineDialInConferencingUser that the import does not read by design (the directory's
        /// object id; a conference ID kept for a re-enable): not reported as unknown, which told an admin restoring the
        /// module's own export to check their names (outside probe AS).
        /// </summary>
        private static readonly string[] ExportedNotImported = { "UserId", "ReleasedConferenceId" };
        /// <summary>Get-CsOnlineDialInConferencingUser's property is plural; an export of it names the column so.</summary>
        private static readonly Dictionary<string, string> Synonyms = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["TollFreeServiceNumbers"] = "TollFreeServiceNumber",
        };

        private readonly Dictionary<string, int> _index;
        private readonly string[] _header;

        private DialInUserImportColumns(string[] header, Dictionary<string, int> index, List<string> ignored)
        {
            _header = header;
            _index = index;
            Ignored = ignored;
        }

        public int Count => _header.Length;
        public IReadOnlyList<string> Ignored { get; }

        /// <summary>What separates a cell's several toll-free numbers.</summary>
        private static readonly char[] ListSeparators = { ';', ',' };

        /// <summary>Reads the header; a file the import cannot use at all is one InvalidImportFile error.</summary>
        public static DialInUserImportColumns FromHeader(CsvRecord? header, string source)
        {
            if (header == null)
                throw FileError(source, "is empty: it has no header row", "Export the users with a header row naming the columns (UserPrincipalName, ConferenceId...).");
            if (header.Problem != null)
                throw FileError(source, $"has a header row that cannot be read: {QuotedValue.Inert(header.Problem)}", "Fix the quoting of the header row (line 1).");

            // A BOM the reader did not take off (the file was decoded by someone else) is not part of the first name.
            var names = header.Fields.Select(f => f.Trim().TrimStart('\uFEFF').Trim()).ToArray();
            var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var ignored = new List<string>();
            var identityColumns = new List<(string Name, int Index)>();
            for (var i = 0; i < names.Length; i++)
            {
                var name = Synonyms.TryGetValue(names[i], out var canonical) ? canonical : names[i];
                if (string.Equals(name, Identity, StringComparison.OrdinalIgnoreCase) || IdentityAliases.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    identityColumns.Add((name, i));
                    continue;
                }
                var known = Readable.FirstOrDefault(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase));
                if (known == null)
                {
                    if (names[i].Length > 0 && !ExportedNotImported.Contains(names[i], StringComparer.OrdinalIgnoreCase)) ignored.Add(names[i]);
                    continue;
                }
                if (index.TryGetValue(known, out var first))
                    throw FileError(source, $"names the column {known} twice (columns {first + 1} and {i + 1})",
                        "Keep one of them: the import cannot tell which one holds the value.");
                index[known] = i;
            }

            foreach (var name in new[] { Identity }.Concat(IdentityAliases))
            {
                var same = identityColumns.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
                if (same.Count > 1)
                    throw FileError(source, $"names the column {QuotedValue.Of(name)} twice (columns {same[0].Index + 1} and {same[1].Index + 1})",
                        "Keep one of them: the import cannot tell which one names the user.");
                if (same.Count == 1 && !index.ContainsKey(Identity)) index[Identity] = same[0].Index;
                else if (same.Count == 1) ignored.Add(names[same[0].Index]);
            }
            if (!index.ContainsKey(Identity))
                throw FileError(source, $"has no UserPrincipalName column (Identity or SipAddress are read too); {DescribeHeader(names)}",
                    "Add a UserPrincipalName column with each user's UPN or SIP address, and make the first line of the file the header.");
            return new DialInUserImportColumns(names, index, ignored);
        }

        /// <summary>
        /// The header's names when they look like column names. Any other first line is not repeated: a file given by mistake
        /// (-Path /etc/shadow) would otherwise put its first line, a password hash, in the error, the console and any transcript.
        /// </summary>
        private static string DescribeHeader(IReadOnlyList<string> names)
        {
            var looksLikeNames = names.All(n => n.Length <= MaxShownColumnName && n.All(c => char.IsLetterOrDigit(c) || c == ' ' || c == '_' || c == '-' || c == '.'));
            return looksLikeNames
                ? $"its columns are: {QuotedValue.Inert(string.Join(", ", names))}"
                : $"its first line is not a header of column names ({names.Count} field(s), {names.Sum(n => n.Length)} characters; not shown)";
        }

        private const int MaxShownColumnName = 64;

        /// <summary>The header's own name of a column the import reads (for messages).</summary>
        public string NameOf(string column) => _index.TryGetValue(column, out var i) ? _header[i] : column;

        /// <summary>Reads a data row; Error is set when it cannot be applied, before any store access.</summary>
        public ImportRow Read(CsvRecord record, long row)
        {
            var result = new ImportRow { Row = row, Line = record.Line, Fields = record.Fields };
            try
            {
                if (record.Problem != null)
                    throw RowError(null, $"it cannot be read: {QuotedValue.Inert(record.Problem)}.", record.Fields.FirstOrDefault(),
                        "Check the row's quoting: a value holding a comma, a quote or a line break is written in double quotes, its quotes doubled.");
                if (record.Fields.Count != _header.Length)
                    throw RowError(null, $"it has {record.Fields.Count} field(s) and the header {_header.Length}.", record.Fields.FirstOrDefault(),
                        "Give every row as many fields as the header (empty ones too), and put values holding commas in double quotes.");

                var identity = Cell(Identity);
                if (identity == null)
                    throw RowError(Identity, "the user is missing.", "",
                        "Give the user's UPN or SIP address, such as ashaw@contoso.com.");
                result.UserPrincipalName = ConferencingAdmin.ParseUser(identity).Value;

                var tollFree = Cell("TollFreeServiceNumber");
                // Export-Csv of Get-CsOnlineDialInConferencingUser writes the list's type name: refused as "not a phone number",
                // it failed every row of the module's own export (outside probe AR). The numbers stay as stored; the import says so.
                if (ExportedListText.IsTypeName(tollFree))
                {
                    result.TollFreeLeftAsItIs = true;
                    tollFree = null;
                }
                // Separated by ';' or ',', as Set-MeetingMigrationConferencingProfile reads a cell (a comma was refused as "lists 2 phone numbers; it takes one": outside probe BI-F4).
                var tollFreeNumbers = tollFree?.Split(ListSeparators).Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
                // A cell of separators alone (';') holds no number: refused as Set refuses it, not read as "no numbers", which
                // removed every toll-free number of the user and queued a migration (outside probe BH-F1). An empty cell
                // still leaves the numbers as they are.
                if (tollFreeNumbers is { Count: 0 }) PhoneNumber.Normalize(tollFree!, "TollFreeServiceNumber");
                var update = new DialInUserUpdate
                {
                    ConferenceId = Cell("ConferenceId"),
                    Bridge = new BridgeReference { Name = Cell("BridgeName"), Identity = ReadGuid("BridgeId") },
                    ServiceNumber = Cell("ServiceNumber"),
                    TollFreeServiceNumbers = tollFreeNumbers,
                    AllowPstnOnlyMeetings = ReadBoolean("AllowPstnOnlyMeetings"),
                    AllowTollFreeDialIn = ReadBoolean("AllowTollFreeDialIn"),
                    Provider = ReadEnum<ConferencingProvider>("Provider"),
                    ProviderName = Cell("ProviderName"),
                    Enabled = ReadBoolean("Enabled"),
                    JoinUrl = Cell("JoinUrl"),
                    DialInUrl = Cell("DialInUrl"),
                    Home = ReadEnum<MeetingHome>("Home"),
                };
                ConferencingAdmin.CheckUpdate(update);
                result.Update = update;
            }
            catch (ImportRowException e)
            {
                result.Error = e;
            }
            catch (MeetingMigrationException e)
            {
                result.Error = Locate(result, e);
            }
            return result;

            string? Cell(string column)
            {
                if (!_index.TryGetValue(column, out var i) || i >= record.Fields.Count) return null;
                var value = record.Fields[i].Trim();
                return value.Length == 0 ? null : value;
            }

            Guid? ReadGuid(string column)
            {
                var value = Cell(column);
                if (value == null) return null;
                if (System.Guid.TryParse(value, out var id)) return id;
                throw RowError(column, $"{QuotedValue.Of(value)} is not a bridge identity (a GUID).", value,
                    "Give the bridge's Identity as Get-CsOnlineDialInConferencingBridge shows it, or its name in a BridgeName column.");
            }

            bool? ReadBoolean(string column)
            {
                var value = Cell(column);
                if (value == null) return null;
                switch (value.TrimStart('$').ToLowerInvariant())
                {
                    case "true": case "yes": case "1": return true;
                    case "false": case "no": case "0": return false;
                }
                throw RowError(column, $"{QuotedValue.Of(value)} is not true or false.", value,
                    "Write True or False (Yes/No and 1/0 are read too), or leave the cell empty to keep the user's current value.");
            }

            T? ReadEnum<T>(string column) where T : struct
            {
                var value = Cell(column);
                if (value == null) return null;
                // Names only: Enum.TryParse would also take "7" or "Teams,Microsoft".
                var name = System.Enum.GetNames(typeof(T)).FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
                if (name != null) return (T)System.Enum.Parse(typeof(T), name);
                throw RowError(column, $"{QuotedValue.Of(value)} is not one of {string.Join(", ", System.Enum.GetNames(typeof(T)))}.", value,
                    $"Write one of {string.Join(", ", System.Enum.GetNames(typeof(T)))}, or leave the cell empty to keep the user's current value.");
            }

            ImportRowException RowError(string? column, string message, object? value, string action) =>
                new ImportRowException(row, record.Line, column == null ? null : NameOf(column),
                    new MeetingMigrationException(ErrorIds.InvalidImportRow, ErrorKind.InvalidArgument, message, value, action));
        }

        /// <summary>
        /// A conferencing rule's error, placed in its row and, when the offending value can be found among the row's cells
        /// (as typed, or as the E.164 number the rule normalized it to), in its column.
        /// </summary>
        public ImportRowException Locate(ImportRow row, MeetingMigrationException error)
        {
            string? column = null;
            if (error.ErrorId == ErrorIds.InvalidIdentity) column = Identity;
            else if (error.Target is string target)
            {
                bool Holds(string cell) =>
                    string.Equals(cell, target, StringComparison.Ordinal)
                    || PhoneNumber.TryNormalize(cell, out var number) && number == target
                    || cell.Split(ListSeparators).Any(part => string.Equals(part.Trim(), target, StringComparison.Ordinal) || PhoneNumber.TryNormalize(part, out var n) && n == target);
                column = new[] { Identity }.Concat(Readable).FirstOrDefault(c =>
                    _index.TryGetValue(c, out var i) && i < row.Fields.Count && row.Fields[i].Trim().Length > 0 && Holds(row.Fields[i].Trim()));
            }
            return new ImportRowException(row.Row, row.Line, column == null ? null : NameOf(column), error);
        }

        private static MeetingMigrationException FileError(string source, string problem, string action) =>
            new MeetingMigrationException(ErrorIds.InvalidImportFile, ErrorKind.InvalidArgument, $"The file {QuotedValue.Of(source)} {problem}; nothing was imported.", source, action);
    }
}
