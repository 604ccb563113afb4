using System;
using System.Collections.Generic;
using System.Globalization;
using MeetingMigration.Engine.Errors;
using Microsoft.Data.Sqlite;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// A look at a store file that changes nothing: its schema version and how many rows a copy would take, read through a
    /// read-only connection. Opening the store would upgrade an older file in place (and an older module would refuse it
    /// from then on): Copy-MeetingMigrationStore -WhatIf did that, and created the destination's tables (an outside probe).
    /// </summary>
    public sealed class StoreFilePeek
    {
        private StoreFilePeek(int version, IReadOnlyDictionary<string, long> rows)
        {
            Version = version;
            Rows = rows;
        }

        public int Version { get; }
        /// <summary>Rows per copied table (a table the file's version does not have yet counts none).</summary>
        public IReadOnlyDictionary<string, long> Rows { get; }

        public static StoreFilePeek Of(string path)
        {
            var fullPath = StorePathRules.Check(path);
            // A file that is no store is InvalidStorePath in our words, as Connect-MeetingMigration says it, before SQLite is
            // asked (it was StoreUnavailable quoting SQLite's "file is not a database": outside probe BD-F12).
            StorePathRules.CheckExistingFile(fullPath);
            // A file no connection has open (no -wal beside it) is read as immutable: SQLite then creates no -wal or -shm
            // beside it, as a read-only open of a WAL store otherwise does. With a -wal there, its pages are read too.
            var source = System.IO.File.Exists(fullPath + "-wal") ? fullPath : new Uri(fullPath).AbsoluteUri + "?immutable=1";
            var connectionString = new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
            try
            {
                using var connection = new SqliteConnection(connectionString);
                connection.Open();
                var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
                StoreSchema.ThrowIfTooNew(version, fullPath);
                var rows = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var table in RelationalMigrationStore.CopiedTables)
                {
                    var exists = Convert.ToInt64(Scalar(connection, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"), CultureInfo.InvariantCulture) > 0;
                    rows[table] = exists ? Convert.ToInt64(Scalar(connection, $"SELECT COUNT(*) FROM {table}"), CultureInfo.InvariantCulture) : 0;
                }
                return new StoreFilePeek(version, rows);
            }
            catch (SqliteException e)
            {
                throw new MeetingMigrationException(ErrorIds.StoreUnavailable, ErrorKind.ResourceBusy,
                    $"The store at {QuotedValue.Of(fullPath)} cannot be read: {QuotedValue.Inert(e.Message, 160)}", fullPath,
                    "Check that the file is a MeetingMigration store and that you can read it.", e);
            }
        }

        private static object? Scalar(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }
}
