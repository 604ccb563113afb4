using System.Globalization;

namespace MeetingMigration.Service;

/// <summary>
/// What the service says at its start when the store's clock (a PostgreSQL server's) and this machine's disagree. Leases
/// and due times follow the store's clock, so several machines agree on them whatever their own clocks say; but journal
/// times and the meeting window (which meetings are still ahead) follow this machine's, and a large offset means one of
/// the two clocks is wrong.
/// </summary>
internal static class StoreClockNotice
{
    /// <summary>Less than this is what network time keeps machines within, and says nothing.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    /// <param name="storeAheadBy">The store's time minus this machine's (negative: the store's clock is behind).</param>
    public static string? For(TimeSpan storeAheadBy)
    {
        if (storeAheadBy.Duration() < Tolerance) return null;
        var seconds = storeAheadBy.Duration().TotalSeconds.ToString("#,0", CultureInfo.InvariantCulture);
        var direction = storeAheadBy > TimeSpan.Zero ? "ahead of" : "behind";
        return $"The store's clock is {seconds} s {direction} this machine's. Leases and due times follow the store's clock, so the " +
               "services sharing it agree on them; journal times and which meetings are still ahead follow this machine's. " +
               "Keep this machine and the database server on network time (NTP).";
    }
}
