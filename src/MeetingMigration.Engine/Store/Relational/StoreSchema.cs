using System;
using System.Data.Common;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// The store's schema, one definition for both databases: numbered steps written in SQLite's DDL, which
    /// <see cref="StoreDialect.Translate"/> turns into PostgreSQL's (types, identity columns, collation). Each step runs once,
    /// in its own transaction, so an old store is brought forward when a newer module opens it; a store newer than this
    /// code is refused rather than damaged. Where a step converts data with JSON functions, the dialect supplies them.
    /// </summary>
    public static class StoreSchema
    {
        private static readonly Func<StoreDialect, string>[] Steps =
        {
            // 1: the request queue and tenant settings.
            _ => @"CREATE TABLE requests (
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
            _ => @"ALTER TABLE requests ADD COLUMN lease_owner TEXT NULL;
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
            d => @"CREATE TABLE dialin_users (
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
" + d.ConvertConferencingProfiles + @"
              DROP TABLE conferencing_profiles;",
            // 4 (issue 11): the Graph request-id of each journaled write (audit), and undo requests: undo_of names the
            // request whose changes an undo takes back ('' for all of a user's migrations); NULL for a migration.
            _ => @"ALTER TABLE journal ADD COLUMN request_id TEXT NULL;
              ALTER TABLE requests ADD COLUMN undo_of TEXT NULL;",
            // 5: a user's Pending request found by object id without walking the queue (FindPending).
            _ => @"CREATE INDEX ix_requests_user_id ON requests(user_id, state);",
            // 6 (issue 12): tenants, lease fences and leader leases. Every row gets the tenant it belongs to (rows of an older
            // store go to the default tenant ""); keys that were unique in the store become unique per tenant, so the tables
            // keyed by them are rebuilt (SQLite cannot change a primary key in place). lease_fence grows with every lease
            // of a request; leader_leases name the one poller or reconciler that runs at a time.
            d => @"ALTER TABLE requests ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
              ALTER TABLE requests ADD COLUMN lease_fence INTEGER NOT NULL DEFAULT 0;
              ALTER TABLE journal ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
              DROP INDEX ix_requests_user;
              DROP INDEX ix_requests_created;
              DROP INDEX ix_requests_runnable;
              DROP INDEX ix_requests_user_id;
              DROP INDEX ix_journal_user_event;
              CREATE INDEX ix_requests_user ON requests(tenant, upn_norm, state);
              CREATE INDEX ix_requests_created ON requests(tenant, create_ticks);
              CREATE INDEX ix_requests_runnable ON requests(tenant, state, not_before_ticks);
              CREATE INDEX ix_requests_user_id ON requests(tenant, user_id, state);
              CREATE INDEX ix_journal_user_event ON journal(tenant, upn_norm, event_id, id);
              CREATE TABLE settings_v6 (tenant TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (tenant, name));
              INSERT INTO settings_v6 (tenant, name, json) SELECT '', name, json FROM settings;
              DROP TABLE settings;
              ALTER TABLE settings_v6 RENAME TO settings;
              CREATE TABLE dialin_users_v6 (
                tenant TEXT NOT NULL,
                upn_norm TEXT NOT NULL,
                upn TEXT NOT NULL,
                conference_id TEXT NULL,
                bridge_id TEXT NULL,
                service_number TEXT NULL,
                toll_free TEXT NOT NULL DEFAULT '',
                json TEXT NOT NULL,
                PRIMARY KEY (tenant, upn_norm));
              INSERT INTO dialin_users_v6 (tenant, upn_norm, upn, conference_id, bridge_id, service_number, toll_free, json)
                SELECT '', upn_norm, COALESCE(" + d.JsonText("json", "UserPrincipalName") + @", upn_norm), conference_id, bridge_id, service_number, toll_free, json
                FROM dialin_users;
              DROP TABLE dialin_users;
              ALTER TABLE dialin_users_v6 RENAME TO dialin_users;
              CREATE INDEX ix_dialin_conference_id ON dialin_users(tenant, conference_id);
              CREATE INDEX ix_dialin_bridge ON dialin_users(tenant, bridge_id);
              CREATE INDEX ix_dialin_number ON dialin_users(tenant, service_number);
              CREATE TABLE bridges_v6 (tenant TEXT NOT NULL, id TEXT NOT NULL, name_norm TEXT NOT NULL, json TEXT NOT NULL,
                PRIMARY KEY (tenant, id), UNIQUE (tenant, name_norm));
              INSERT INTO bridges_v6 (tenant, id, name_norm, json) SELECT '', id, name_norm, json FROM bridges;
              DROP TABLE bridges;
              ALTER TABLE bridges_v6 RENAME TO bridges;
              CREATE TABLE leader_leases (tenant TEXT NOT NULL, name TEXT NOT NULL, owner TEXT NOT NULL, expires_ticks INTEGER NOT NULL,
                fence INTEGER NOT NULL, PRIMARY KEY (tenant, name));",
            // 7: leasing from a long queue without reading it all. The runnable index holds the queue's whole order
            // (create_ticks after not_before_ticks), so the first due request is read first; retries that are due have an
            // index of their own, past the finished failures kept for the status history.
            _ => @"DROP INDEX ix_requests_runnable;
              CREATE INDEX ix_requests_runnable ON requests(tenant, state, not_before_ticks, create_ticks);
              CREATE INDEX ix_requests_retry ON requests(tenant, state, retry_scheduled, not_before_ticks, create_ticks);",
            // 8: a long history: each user's requests newest first with their state, so the status summary numbers them
            // from the index alone.
            _ => @"CREATE INDEX ix_requests_latest ON requests(tenant, upn_norm, create_ticks DESC, correlation_id DESC, state);",
            // 9: a request waiting for its automatic retry is Pending, as MMS shows it, and Failed only once no retry is left.
            // Due retries are then in the runnable index with the rest of the queue, so their own index goes.
            _ => @"UPDATE requests SET state = 'Pending' WHERE state = 'Failed' AND retry_scheduled = 1;
              DROP INDEX ix_requests_retry;",
            // 10: a service older than step 9, still running when the store was upgraded, goes on writing retries as Failed
            // with retry_scheduled set; every lease adopts them as Pending, found through this index (none once no old
            // process writes), so adopting them never reads the failures kept for the status history.
            _ => @"CREATE INDEX ix_requests_old_retry ON requests(tenant, state, retry_scheduled, not_before_ticks);",
            // 11: an Updated row that keeps its blocks on its Attempting row (since 2026-12-05) marks its fingerprint, so a
            // process older than that, still running when the store was upgraded, refuses to undo the meeting instead of
            // putting back the empty block it reads there: it deleted the meetings' join details and mailed every attendee
            // (an outside probe of a rolling upgrade). See RelationalMigrationStore.KeptOnAttemptingRow.
            _ => @"UPDATE journal SET new_block_hash = '" + RelationalMigrationStore.KeptOnAttemptingRow + @"' || new_block_hash
              WHERE outcome = 'Updated' AND new_block = '' AND old_block = '' AND new_block_hash <> ''
              AND new_block_hash NOT LIKE '" + RelationalMigrationStore.KeptOnAttemptingRow + @"%';",
            // 12: an undo the store queues by itself ahead of a migration of every kind, to finish what an undo that ended Failed
            // put back (RelationalMigrationStore.QueueFinishingUndo): the migration it runs ahead of. A process older than this
            // step runs such an undo as an undo of every migration replaced by that migration, which finishes the same series.
            _ => @"ALTER TABLE requests ADD COLUMN queued_for TEXT NULL;",
        };

        public static int CurrentVersion => Steps.Length;

        /// <summary>
        /// Brings the store to <see cref="CurrentVersion"/>: a new one in one transaction, an existing one a step per
        /// transaction. Safe when several processes open an old store at once: each step's transaction locks the schema (<see cref="StoreDialect.LockSchema"/>) and reads the
        /// version again inside it, so a step another process already made is not made twice.
        /// </summary>
        /// <returns>The version the store had when first looked at (0: a new store).</returns>
        public static int Upgrade(DbConnection connection, StoreDialect dialect, string location) =>
            Upgrade(connection, dialect, location, Steps.Length);

        /// <summary>Up to a given version only: how the tests make a store as an older module left it.</summary>
        internal static int Upgrade(DbConnection connection, StoreDialect dialect, string location, int upTo)
        {
            int? found = null;
            while (true)
            {
                using var transaction = connection.BeginTransaction();
                dialect.LockSchema(connection, transaction);
                var version = dialect.ReadVersion(connection, transaction);
                found ??= version;
                ThrowIfTooNew(version, location);
                if (version >= upTo)
                {
                    transaction.Commit();
                    return found.Value;
                }
                // A new store is made in one transaction, every step: made a step per transaction, a process opening it
                // meanwhile found it part-made (version 4, say), finished it, and warned that it had upgraded the store from
                // version 4 and that older services must be stopped, where there was none (outside probe V). An existing
                // store's steps keep a transaction each, so a long step of a large store does not hold back the others'.
                do
                {
                    using (var command = connection.CreateCommand())
                    {
                        command.Transaction = transaction;
                        command.CommandText = dialect.Translate(Steps[version](dialect));
                        command.ExecuteNonQuery();
                    }
                    dialect.WriteVersion(connection, transaction, ++version);
                }
                while (found == 0 && version < upTo);
                transaction.Commit();
            }
        }

        public static void ThrowIfTooNew(int version, string location)
        {
            if (version <= Steps.Length) return;
            throw new MeetingMigrationException(ErrorIds.StoreSchemaTooNew, ErrorKind.InvalidOperation,
                $"The store at {QuotedValue.Of(location)} has schema version {version}, newer than this module understands ({Steps.Length}).",
                location, "Update the MeetingMigration module (and every service using this store) to the same version.");
        }
    }
}

