using Microsoft.Data.Sqlite;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// The store's schema, versioned with PRAGMA user_version. Each step runs once, in its own transaction, so an old store
    /// is brought forward when a newer module opens it; a store newer than this code is refused rather than damaged.
    /// </summary>
    internal static class SqliteSchema
    {
        private static readonly string[] Steps =
        {
            // 1: the request queue and tenant settings.
            @"CREATE TABLE requests (
                correlation_id TEXT PRIMARY KEY,
                create_ticks INTEGER NOT NULL,
                modified_ticks INTEGER NOT NULL,
                user_id TEXT NULL,
                upn TEXT NOT NULL,
                upn_norm TEXT NOT NULL,
                source_type TEXT NOT NULL,
                target_type TEXT NOT NULL,
                migration_type TEXT NOT NULL,
                state TEXT NOT NULL,
                retry_count INTEGER NOT NULL DEFAULT 0,
                total_meeting INTEGER NOT NULL DEFAULT 0,
                succeeded_meeting INTEGER NOT NULL DEFAULT 0,
                failed_meeting INTEGER NOT NULL DEFAULT 0,
                invites_update INTEGER NOT NULL DEFAULT 0,
                last_message TEXT NOT NULL DEFAULT '',
                not_before_ticks INTEGER NOT NULL,
                trigger_name TEXT NOT NULL DEFAULT '');
              CREATE INDEX ix_requests_user ON requests(upn_norm, state);
              CREATE INDEX ix_requests_created ON requests(create_ticks);
              CREATE TABLE settings (name TEXT PRIMARY KEY, json TEXT NOT NULL);",
            // 2: worker leases, automatic retries, the per-meeting journal and Skype conferencing profiles.
            @"ALTER TABLE requests ADD COLUMN lease_owner TEXT NULL;
              ALTER TABLE requests ADD COLUMN lease_expires_ticks INTEGER NOT NULL DEFAULT 0;
              ALTER TABLE requests ADD COLUMN retry_scheduled INTEGER NOT NULL DEFAULT 0;
              CREATE INDEX ix_requests_runnable ON requests(state, not_before_ticks);
              CREATE TABLE journal (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                correlation_id TEXT NOT NULL,
                upn_norm TEXT NOT NULL,
                event_id TEXT NOT NULL,
                subject TEXT NOT NULL,
                start_ticks INTEGER NULL,
                meeting_kind TEXT NOT NULL,
                old_block TEXT NOT NULL,
                new_block TEXT NOT NULL,
                new_block_hash TEXT NOT NULL,
                outcome TEXT NOT NULL,
                reason TEXT NOT NULL,
                time_ticks INTEGER NOT NULL);
              CREATE INDEX ix_journal_request ON journal(correlation_id);
              CREATE INDEX ix_journal_user_event ON journal(upn_norm, event_id, id);
              CREATE TABLE conferencing_profiles (upn_norm TEXT PRIMARY KEY, json TEXT NOT NULL);",
            // 3: users' audio conferencing and the bridges; the Skype conferencing profiles of step 2 become dial-in users.
            // Conference IDs are unique in the tenant, checked in the same write transaction as each change (not by an index,
            // so profiles saved before the rule existed still upgrade).
            @"CREATE TABLE dialin_users (
                upn_norm TEXT PRIMARY KEY,
                conference_id TEXT NULL,
                bridge_id TEXT NULL,
                service_number TEXT NULL,
                toll_free TEXT NOT NULL DEFAULT '',
                json TEXT NOT NULL);
              CREATE INDEX ix_dialin_conference_id ON dialin_users(conference_id);
              CREATE INDEX ix_dialin_bridge ON dialin_users(bridge_id);
              CREATE INDEX ix_dialin_number ON dialin_users(service_number);
              CREATE TABLE bridges (id TEXT PRIMARY KEY, name_norm TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
              INSERT INTO dialin_users (upn_norm, conference_id, service_number, toll_free, json)
                SELECT upn_norm, json_extract(json, '$.ConferenceId'), json_extract(json, '$.TollNumber'),
                       COALESCE((SELECT ';' || group_concat(value, ';') || ';' FROM json_each(json, '$.TollFreeNumbers')), ''),
                       json_object('UserPrincipalName', json_extract(json, '$.UserPrincipalName'), 'Provider', 'Microsoft', 'Enabled', json('true'),
                                   'ConferenceId', json_extract(json, '$.ConferenceId'), 'ServiceNumber', json_extract(json, '$.TollNumber'),
                                   'TollFreeServiceNumbers', COALESCE(json_extract(json, '$.TollFreeNumbers'), json_array()),
                                   'JoinUrl', json_extract(json, '$.JoinUrl'), 'DialInUrl', json_extract(json, '$.DialInUrl'))
                FROM conferencing_profiles;
              DROP TABLE conferencing_profiles;",
            // 4 (issue 11): the Graph request-id of each journaled write (audit), and undo requests: undo_of names the
            // request whose changes an undo takes back ('' for all of a user's migrations); NULL for a migration.
            @"ALTER TABLE journal ADD COLUMN request_id TEXT NULL;
              ALTER TABLE requests ADD COLUMN undo_of TEXT NULL;",
            // 5: a user's Pending request found by object id without walking the queue (FindPending).
            @"CREATE INDEX ix_requests_user_id ON requests(user_id, state);",
        };

        public static int CurrentVersion => Steps.Length;

        public static void Upgrade(SqliteConnection connection, string location)
        {
            var walSet = false;
            while (true)
            {
                using var transaction = connection.BeginTransaction();
                var version = ReadVersion(connection, transaction);
                if (version > Steps.Length)
                {
                    throw new MeetingMigrationException(ErrorIds.StoreSchemaTooNew, ErrorKind.InvalidOperation,
                        $"The store at {QuotedValue.Of(location)} has schema version {version}, newer than this module understands ({Steps.Length}).",
                        location, "Update the MeetingMigration module, or connect to another store with Connect-MeetingMigration -StorePath.");
                }
                if (!walSet)
                {
                    // Only a store this code understands is switched to WAL (a setting kept in the file itself).
                    transaction.Commit();
                    Execute(connection, "PRAGMA journal_mode=WAL;");
                    walSet = true;
                    continue;
                }
                if (version == Steps.Length) return;
                using (var command = connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = Steps[version] + $"\nPRAGMA user_version = {version + 1};";
                    command.ExecuteNonQuery();
                }
                transaction.Commit();
            }
        }

        private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA user_version;";
            return System.Convert.ToInt32(command.ExecuteScalar());
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
