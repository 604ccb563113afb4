using System;
using System.Data.Common;
using System.Globalization;

namespace MeetingMigration.Engine.Store
{
    /// <summary>SQLite: the schema version in PRAGMA user_version; the steps' DDL is SQLite's own.</summary>
    internal sealed class SqliteDialect : StoreDialect
    {
        public static readonly SqliteDialect Instance = new SqliteDialect();

        public override int ReadVersion(DbConnection connection, DbTransaction transaction) =>
            Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version;"), CultureInfo.InvariantCulture);

        /// <summary>
        /// A database this store did not make: tables but no schema version, or a version (user_version, which any program
        /// may set) without the store's first table. The schema steps would add tables to it, or alter its own.
        /// </summary>
        public static bool IsOtherProgramsDatabase(DbConnection connection, DbTransaction transaction, int version) =>
            version == 0
                ? Convert.ToInt64(Scalar(connection, transaction, "SELECT COUNT(*) FROM sqlite_master;"), CultureInfo.InvariantCulture) > 0
                : Convert.ToInt64(Scalar(connection, transaction, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'requests';"), CultureInfo.InvariantCulture) == 0;

        public override void WriteVersion(DbConnection connection, DbTransaction transaction, int version) =>
            Scalar(connection, transaction, $"PRAGMA user_version = {version};");

        public override string JsonText(string column, string property) => $"json_extract({column}, '$.{property}')";

        public override string ConvertConferencingProfiles => @"
              INSERT INTO dialin_users (upn_norm, conference_id, service_number, toll_free, json)
                SELECT upn_norm, json_extract(json, '$.ConferenceId'), json_extract(json, '$.TollNumber'),
                       COALESCE((SELECT ';' || group_concat(value, ';') || ';' FROM json_each(json, '$.TollFreeNumbers')), ''),
                       json_object('UserPrincipalName', json_extract(json, '$.UserPrincipalName'), 'Provider', 'Microsoft', 'Enabled', json('true'),
                                   'ConferenceId', json_extract(json, '$.ConferenceId'), 'ServiceNumber', json_extract(json, '$.TollNumber'),
                                   'TollFreeServiceNumbers', COALESCE(json_extract(json, '$.TollFreeNumbers'), json_array()),
                                   'JoinUrl', json_extract(json, '$.JoinUrl'), 'DialInUrl', json_extract(json, '$.DialInUrl'))
                FROM conferencing_profiles;";
    }
}
