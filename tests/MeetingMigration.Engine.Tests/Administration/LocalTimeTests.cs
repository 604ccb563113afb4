using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Administration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Tests.Model;
using MeetingMigration.Engine.Tests.Store;
using Xunit;

namespace MeetingMigration.Engine.Tests.Administration
{
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class LocalTimeZoneCollection
    {
        public const string Name = "Changes the process time zone";
    }

    /// <summary>
    /// Runs with the process's local time zone set to India (UTC+05:30, no daylight saving), so "local" and "UTC" differ on
    /// any build machine. Alone in a non-parallel collection: nothing else runs while the zone is changed.
    /// </summary>
    [Collection(LocalTimeZoneCollection.Name)]
    public sealed class LocalTimeTests : IDisposable
    {
        private readonly string? _savedTz = Environment.GetEnvironmentVariable("TZ");

        public LocalTimeTests()
        {
            Environment.SetEnvironmentVariable("TZ", "Asia/Kolkata");
            TimeZoneInfo.ClearCachedData();
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("TZ", _savedTz);
            TimeZoneInfo.ClearCachedData();
        }

        [Fact]
        public void A_time_without_a_zone_is_the_admins_local_time()
        {
            Assert.Equal(TimeSpan.FromMinutes(330), TimeZoneInfo.Local.BaseUtcOffset);

            var converted = MigrationAdmin.ToUtc(new DateTime(2030, 10, 1, 0, 0, 0, DateTimeKind.Unspecified));

            Assert.Equal(new DateTime(2030, 9, 30, 18, 30, 0, DateTimeKind.Utc), converted);
            Assert.Equal(DateTimeKind.Utc, converted!.Value.Kind);
        }

        [Fact]
        public void Utc_and_local_times_keep_their_meaning()
        {
            var utc = new DateTime(2030, 10, 1, 0, 0, 0, DateTimeKind.Utc);

            Assert.Equal(utc, MigrationAdmin.ToUtc(utc));
            Assert.Equal(utc.AddMinutes(-330), MigrationAdmin.ToUtc(new DateTime(2030, 10, 1, 0, 0, 0, DateTimeKind.Local)));
            Assert.Null(MigrationAdmin.ToUtc(null));
        }

        [Fact]
        public async Task A_status_query_in_local_time_selects_by_the_matching_utc_instant()
        {
            Assert.Equal(TimeSpan.FromMinutes(330), TimeZoneInfo.Local.BaseUtcOffset);
            using var file = new TempStoreFile();
            var clock = new ManualClock(new DateTime(2030, 9, 30, 18, 30, 0, DateTimeKind.Utc)); // 1 Oct 2030 00:00 in India
            var store = file.Open(clock);
            await store.Enqueue("ada@contoso.com");
            var admin = new MigrationAdmin(store, clock);

            var from = await admin.GetStatusAsync(new MigrationStatusQuery { StartTime = new DateTime(2030, 10, 1, 0, 0, 0) }, CancellationToken.None);
            var until = await admin.GetStatusAsync(new MigrationStatusQuery { EndTime = new DateTime(2030, 10, 1, 0, 0, 0) }, CancellationToken.None);
            var after = await admin.GetStatusAsync(new MigrationStatusQuery { StartTime = new DateTime(2030, 10, 1, 0, 0, 1) }, CancellationToken.None);

            Assert.Single(from);
            Assert.Single(until);
            Assert.Empty(after);
        }
    }
}
