using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Threading;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Store
{
    /// <summary>What <see cref="RelationalMigrationStore.CopyAll"/> copied: rows per table.</summary>
    public sealed class StoreCopyResult
    {
        public StoreCopyResult(string source, string destination, IReadOnlyDictionary<string, int> rows)
        {
            Source = source;
            Destination = destination;
            Rows = rows;
        }

        public string Source { get; }
        public string Destination { get; }
        public IReadOnlyDictionary<string, int> Rows { get; }
    }

    /// <summary>Moving a store's data to another store (the embedded file to PostgreSQL when one machine is no longer enough).</summary>
    public abstract partial class RelationalMigrationStore
    {
        /// <summary>
        /// The tables copied, parents first. leader_leases is left behind: it names the services running on the source,
        /// which mean nothing to the destination's.
        /// </summary>
        internal static readonly string[] CopiedTables = { "settings", "bridges", "dialin_users", "requests", "journal" };

        /// <summary>The tables a copy fills, which its destination must hold no rows of (a server store's check before the copy reads them).</summary>
        public static IReadOnlyList<string> CopiedTableNames => CopiedTables;

        /// <summary>StoreNotEmpty: a copy into a store that holds data would duplicate its requests and journal rows.</summary>
        public static MeetingMigrationException DestinationNotEmpty(string location, long rows, string table) =>
            new MeetingMigrationException(ErrorIds.StoreNotEmpty, ErrorKind.InvalidOperation,
                $"The destination {QuotedValue.Of(location)} already holds data ({rows} rows in {table}); nothing was copied.",
                location, "Copy into a new, empty database (or schema: add Search Path=<new schema> to the connection string).");

        /// <summary>
        /// Copies every row of every tenant from source to destination, in one transaction on the destination: all of it
        /// or, when anything fails, nothing. The destination must hold no data (a second copy would duplicate requests and
        /// journal rows); journal rows get the destination's ids in the source's order, which is all the engine relies on.
        /// Run it with the services stopped, so no request changes during the copy.
        /// </summary>
        public static StoreCopyResult CopyAll(RelationalMigrationStore source, RelationalMigrationStore destination, CancellationToken cancellationToken)
        {
            if (ReferenceEquals(source, destination) || string.Equals(source.Location, destination.Location, StringComparison.Ordinal))
                throw new MeetingMigrationException(ErrorIds.ConflictingParameters, ErrorKind.InvalidArgument,
                    $"The source and the destination are the same store ({QuotedValue.Of(source.Location)}).", source.Location,
                    "Give a destination other than the store being copied.");
            using var from = source.OpenConnection();
            using var to = destination.OpenConnection();
            using var transaction = destination.BeginWrite(to, exclusive: true);
            foreach (var table in CopiedTables)
            {
                using var count = to.CreateCommand();
                count.Transaction = transaction;
                count.CommandText = $"SELECT COUNT(*) FROM {table}";
                var existing = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
                if (existing > 0) throw DestinationNotEmpty(destination.Location, existing, table);
            }

            var rows = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var table in CopiedTables)
            {
                cancellationToken.ThrowIfCancellationRequested();
                rows[table] = CopyTable(from, to, transaction, table, cancellationToken);
            }
            transaction.Commit();
            return new StoreCopyResult(source.Location, destination.Location, rows);
        }

        private static int CopyTable(DbConnection from, DbConnection to, DbTransaction transaction, string table, CancellationToken cancellationToken)
        {
            using var read = from.CreateCommand();
            // The journal's id is the destination's own (an identity column); rows go in the source's order.
            read.CommandText = table == "journal" ? "SELECT * FROM journal ORDER BY id" : $"SELECT * FROM {table}";
            using var reader = read.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Where(i => !(table == "journal" && reader.GetName(i) == "id")).ToList();
            using var insert = to.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(reader.GetName))}) " +
                                 $"VALUES ({string.Join(", ", columns.Select((_, n) => "@v" + n))})";
            var parameters = columns.Select((_, n) =>
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = "@v" + n;
                insert.Parameters.Add(parameter);
                return parameter;
            }).ToList();
            var copied = 0;
            while (reader.Read())
            {
                if (copied % 1000 == 0) cancellationToken.ThrowIfCancellationRequested();
                for (var n = 0; n < columns.Count; n++)
                {
                    // Untyped: each database takes a NULL, a number or a text for the column's own type.
                    parameters[n].ResetDbType();
                    parameters[n].Value = reader.IsDBNull(columns[n]) ? DBNull.Value : reader.GetValue(columns[n]);
                }
                insert.ExecuteNonQuery();
                copied++;
            }
            return copied;
        }
    }
}
