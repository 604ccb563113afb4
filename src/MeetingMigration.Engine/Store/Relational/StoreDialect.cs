using System.Data.Common;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// What the schema needs to know of a database: how it keeps the schema version, how one upgrade excludes another, how
    /// SQLite's DDL reads in it, and its JSON functions (for steps that convert data).
    /// </summary>
    public abstract class StoreDialect
    {
        public abstract int ReadVersion(DbConnection connection, DbTransaction transaction);
        public abstract void WriteVersion(DbConnection connection, DbTransaction transaction, int version);

        /// <summary>Makes the transaction the only one upgrading the schema until it ends.</summary>
        public virtual void LockSchema(DbConnection connection, DbTransaction transaction)
        {
        }

        /// <summary>A step's SQLite DDL in this database's terms; SQLite's own dialect returns it as it is.</summary>
        public virtual string Translate(string sql) => sql;

        /// <summary>The SQL that reads one top-level property of a JSON text column as text.</summary>
        public abstract string JsonText(string column, string property);

        /// <summary>Step 3's conversion of the Skype conferencing profiles of step 2 into dial-in users.</summary>
        public abstract string ConvertConferencingProfiles { get; }

        protected static object? Scalar(DbConnection connection, DbTransaction transaction, string sql)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }
}
