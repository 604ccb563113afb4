using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using MeetingMigration.Engine.Tests.Store;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    /// <summary>
    /// A fresh store with a manual clock and a ConferencingAdmin over it, and the few steps the bridge tests repeat: a
    /// bridge with numbers, a user on it, what was queued, and a snapshot of everything the store holds.
    /// </summary>
    public sealed class ConferencingTestBed : IDisposable
    {
        private readonly TempStoreFile _file = new TempStoreFile();

        public ConferencingTestBed()
        {
            Clock = new ManualClock();
            Store = _file.Open(Clock);
            Admin = new ConferencingAdmin(Store);
        }

        public ManualClock Clock { get; }
        public SqliteMigrationStore Store { get; }
        public ConferencingAdmin Admin { get; }

        public void Dispose() => _file.Dispose();

        public static BridgeReference Named(string name) => new BridgeReference { Name = name };

        /// <summary>A bridge with toll numbers (the first is its default) and toll-free numbers (likewise).</summary>
        public async Task<ConferencingBridge> BridgeAsync(string name, string[] toll, string[]? tollFree = null)
        {
            await Admin.NewBridgeAsync(name, null, None);
            ConferencingBridge bridge = null!;
            foreach (var number in toll) bridge = await Admin.RegisterServiceNumberAsync(number, Named(name), ServiceNumberType.Toll, null, null, null, None);
            foreach (var number in tollFree ?? Array.Empty<string>())
                bridge = await Admin.RegisterServiceNumberAsync(number, Named(name), ServiceNumberType.TollFree, null, null, null, None);
            return bridge ?? (await Admin.GetBridgesAsync(None)).Single(b => b.Name == name);
        }

        /// <summary>A user on a bridge, with their own numbers when given (none: they show the bridge's defaults).</summary>
        public Task<ConferencingChange> UserAsync(string upn, string? bridge, string? toll = null, string? tollFree = null) =>
            Admin.SetUserAsync(UserIdentity.Parse(upn), new DialInUserUpdate
            {
                JoinUrl = $"https://meet.contoso.com/{upn.Split('@')[0]}/K7",
                Bridge = bridge == null ? new BridgeReference() : Named(bridge),
                ServiceNumber = toll,
                TollFreeServiceNumber = tollFree,
            }, createIfMissing: true, None);

        public async Task<DialInUser> GetUserAsync(string upn) => (await Store.GetDialInUserAsync(upn, None))!;

        public async Task<ConferencingBridge> GetBridgeAsync(string name) => (await Admin.GetBridgesAsync(None)).Single(b => b.Name == name);

        /// <summary>The toll number a user's invitations show: their own, else their bridge's default.</summary>
        public async Task<string?> ShownTollAsync(string upn) =>
            (await StoredCoordinates.LoadAsync(Store, upn, None)).ToCoordinates(null).TollNumber;

        public async Task<IReadOnlyList<string>> ShownTollFreeAsync(string upn) =>
            (await StoredCoordinates.LoadAsync(Store, upn, None)).ToCoordinates(null).TollFreeNumbers;

        public Task<IReadOnlyList<MigrationRequest>> QueuedAsync() => Store.QueryAsync(new MigrationStatusQuery(), None);

        public async Task<string[]> QueuedUsersAsync() =>
            (await QueuedAsync()).Select(r => r.UserPrincipalName).OrderBy(u => u, StringComparer.Ordinal).ToArray();

        /// <summary>Users, bridges and requests as JSON: equal snapshots mean the store did not change.</summary>
        public async Task<string> SnapshotAsync() =>
            JsonSerializer.Serialize(new object[] { await Store.GetDialInUsersAsync(None), await Store.GetBridgesAsync(None), await QueuedAsync() });

        public async Task SwitchesAsync(bool meetingMigrationEnabled, bool automaticallyMigrateUserMeetings)
        {
            await Store.SaveTenantMigrationConfigurationAsync(new TenantMigrationConfiguration { MeetingMigrationEnabled = meetingMigrationEnabled }, None);
            await Store.SaveDialInSettingsAsync(new DialInConferencingTenantSettings { AutomaticallyMigrateUserMeetings = automaticallyMigrateUserMeetings }, None);
        }

        /// <summary>Asserts the change is refused with the ErrorId and target, and that the store did not change.</summary>
        public async Task<MeetingMigrationException> RefusedAsync(string errorId, object target, Func<Task> change)
        {
            var before = await SnapshotAsync();
            var error = await Assert.ThrowsAsync<MeetingMigrationException>(change);
            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(target, error.Target);
            Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
            Assert.Equal(before, await SnapshotAsync());
            return error;
        }
    }
}
