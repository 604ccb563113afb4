using System;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Store
{
    /// <summary>Leader leases (leader_leases): one holder per name and tenant, taken over when it runs out.</summary>
    public abstract partial class RelationalMigrationStore
    {
        public Task<bool> TryHoldLeadershipAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A leader lease needs a name.", nameof(name));
            if (string.IsNullOrWhiteSpace(owner)) throw new ArgumentException("A leader lease needs an owner.", nameof(owner));
            // Exclusive: reading the holder and replacing it is one step for every service sharing the store.
            return WriteAsync((connection, transaction) =>
            {
                var now = Ticks(Clock.UtcNow);
                string? holder = null;
                long expires = 0;
                using (var read = Command(connection, transaction, "SELECT owner, expires_ticks FROM leader_leases WHERE tenant = @tenant AND name = @n"))
                {
                    read.Add("@n", name);
                    using var reader = read.ExecuteReader();
                    if (reader.Read())
                    {
                        holder = reader.GetString(0);
                        expires = Long(reader, 1);
                    }
                }
                if (holder != null && holder != owner && expires >= now) return false;
                // A new holder gets the next fence; the same holder renewing keeps its own.
                using var write = Command(connection, transaction,
                    "INSERT INTO leader_leases (tenant, name, owner, expires_ticks, fence) VALUES (@tenant, @n, @o, @e, 1) " +
                    "ON CONFLICT(tenant, name) DO UPDATE SET owner = excluded.owner, expires_ticks = excluded.expires_ticks, " +
                    "fence = CASE WHEN leader_leases.owner = excluded.owner THEN leader_leases.fence ELSE leader_leases.fence + 1 END");
                write.Add("@n", name);
                write.Add("@o", owner);
                write.Add("@e", now + duration.Ticks);
                write.ExecuteNonQuery();
                return true;
            }, cancellationToken);
        }

        public Task ReleaseLeadershipAsync(string name, string owner, CancellationToken cancellationToken)
        {
            // Run out now rather than removed: the fence stays, and the next holder's is one higher.
            return WriteAsync((connection, transaction) =>
            {
                using var write = Command(connection, transaction,
                    "UPDATE leader_leases SET expires_ticks = 0 WHERE tenant = @tenant AND name = @n AND owner = @o");
                write.Add("@n", name);
                write.Add("@o", owner);
                return write.ExecuteNonQuery();
            }, cancellationToken);
        }
    }
}
