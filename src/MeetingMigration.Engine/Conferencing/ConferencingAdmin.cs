using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Triggers;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>
    /// Changes to users' audio conferencing, bridges and service numbers, each with the migrations it triggers. Every
    /// change is checked (conference IDs unique, numbers E.164 and on the user's bridge...) and then saved together with
    /// its queued migrations in one store transaction: a refused change changes nothing, and an accepted one cannot lose
    /// its trigger. Whether a trigger queues is decided by <see cref="TriggerPolicy"/> from the tenant's switches.
    /// </summary>
    public sealed class ConferencingAdmin
    {
        private readonly IMigrationStore _store;
        private readonly IClock _clock;

        public ConferencingAdmin(IMigrationStore store, IClock? clock = null)
        {
            _store = store;
            _clock = clock ?? SystemClock.Instance;
        }

        /// <summary>The store the changes go to (imports batch their rows into its transactions).</summary>
        internal IMigrationStore Store => _store;

        public Task<DialInUser?> GetUserAsync(UserIdentity user, CancellationToken cancellationToken) =>
            _store.GetDialInUserAsync(AddressOf(user), cancellationToken);

        public async Task<IReadOnlyList<DialInUser>> GetUsersAsync(BridgeReference? bridge, string? serviceNumber, CancellationToken cancellationToken)
        {
            var users = await _store.GetDialInUsersAsync(cancellationToken).ConfigureAwait(false);
            IEnumerable<DialInUser> selected = users;
            if (bridge != null) CheckBridgeReference(bridge);
            if (bridge != null && !bridge.IsEmpty)
            {
                var bridges = await _store.GetBridgesAsync(cancellationToken).ConfigureAwait(false);
                var found = Resolve(bridges, bridge);
                selected = selected.Where(u => u.BridgeId == found.Identity);
            }
            if (serviceNumber != null)
            {
                var number = PhoneNumber.Normalize(serviceNumber, "ServiceNumber");
                selected = selected.Where(u => u.ServiceNumber == number || u.TollFreeServiceNumbers.Contains(number));
            }
            return selected.ToList();
        }

        /// <summary>
        /// Set-CsOnlineDialInConferencingUser. The user must have audio conferencing data already unless
        /// <paramref name="createIfMissing"/> (the conferencing profile cmdlet and imports create it).
        /// </summary>
        public Task<ConferencingChange> SetUserAsync(UserIdentity user, DialInUserUpdate update, bool createIfMissing, CancellationToken cancellationToken)
        {
            var upn = AddressOf(user);
            CheckUpdate(update);
            return _store.EditConferencingAsync(edit =>
            {
                var change = new ConferencingChange();
                var existing = edit.FindUser(upn);
                if (existing == null && !createIfMissing) throw NoConferencingUser(upn);
                var updated = Apply(edit, existing, upn, update, change.Triggers);
                edit.Save(updated);
                change.Users.Add(updated);
                Queue(edit, updated, change, SourceMeetingType.All, TargetMeetingType.Current);
                return change;
            }, cancellationToken);
        }

        /// <summary>
        /// Enable-CsOnlineDialInConferencingUser: turns audio conferencing on with Microsoft as the provider. A user on a
        /// third-party provider needs <paramref name="replaceProvider"/>. Nothing changes (and nothing is queued) when the user
        /// is already enabled with Microsoft.
        /// </summary>
        public Task<ConferencingChange> EnableUserAsync(UserIdentity user, bool replaceProvider, string? conferenceId, string? serviceNumber,
            string? tollFreeServiceNumber, CancellationToken cancellationToken)
        {
            var upn = AddressOf(user);
            var update = new DialInUserUpdate { ConferenceId = conferenceId, ServiceNumber = serviceNumber, TollFreeServiceNumber = tollFreeServiceNumber };
            CheckUpdate(update);
            return _store.EditConferencingAsync(edit =>
            {
                var change = new ConferencingChange();
                var existing = edit.FindUser(upn);
                if (existing != null && existing.Provider != ConferencingProvider.Microsoft && !replaceProvider)
                {
                    throw new MeetingMigrationException(ErrorIds.ThirdPartyProvider, ErrorKind.InvalidOperation,
                        $"{upn} has audio conferencing from {existing.ProviderName ?? existing.Provider.ToString()}; it was left unchanged.", upn,
                        "Add -ReplaceProvider to make Microsoft the provider (their meetings are then migrated to Microsoft's dial-in details).");
                }
                var updated = Apply(edit, existing, upn, update, change.Triggers);
                if (existing != null && existing.Provider != ConferencingProvider.Microsoft)
                {
                    updated.Provider = ConferencingProvider.Microsoft;
                    updated.ProviderName = null;
                    change.Triggers.Insert(0, TriggerNames.ProviderSwitchedToMicrosoft);
                }
                if (existing == null || !existing.Enabled)
                {
                    updated.Enabled = true;
                    change.Triggers.Insert(0, TriggerNames.AudioConferencingEnabled);
                }
                if (updated.ConferenceId == null) updated.ConferenceId = NewConferenceId(edit, null);
                edit.Save(updated);
                change.Users.Add(updated);
                Queue(edit, updated, change, SourceMeetingType.All, TargetMeetingType.Current);
                return change;
            }, cancellationToken);
        }

        /// <summary>Disable-CsOnlineDialInConferencingUser: turns audio conferencing off and releases the conference ID.</summary>
        public Task<ConferencingChange> DisableUserAsync(UserIdentity user, CancellationToken cancellationToken)
        {
            var upn = AddressOf(user);
            return _store.EditConferencingAsync(edit =>
            {
                var change = new ConferencingChange();
                var existing = edit.FindUser(upn) ?? throw NoConferencingUser(upn);
                var updated = existing.Clone();
                change.Users.Add(updated);
                if (!existing.Enabled) return change;
                updated.Enabled = false;
                updated.ConferenceId = null;
                edit.Save(updated);
                change.Triggers.Add(TriggerNames.AudioConferencingDisabled);
                Queue(edit, updated, change, SourceMeetingType.All, TargetMeetingType.Current);
                return change;
            }, cancellationToken);
        }

        /// <summary>
        /// Records that a user's meetings moved (from Skype for Business Server to Skype for Business Online or to Teams).
        /// A move to Teams converts their Skype meetings to Teams meetings (SfbToTeams); a move online refreshes them. Moves
        /// trigger even when AutomaticallyMigrateUserMeetings is off, as in MMS. Recording the home a user already has does
        /// nothing.
        /// </summary>
        public Task<ConferencingChange> RecordMoveAsync(UserIdentity user, MeetingHome to, CancellationToken cancellationToken)
        {
            var upn = AddressOf(user);
            if (to == MeetingHome.SkypeForBusinessServer) throw MoveBackRefused(to);
            return _store.EditConferencingAsync(edit =>
            {
                var change = new ConferencingChange();
                var existing = edit.FindUser(upn);
                var updated = existing?.Clone() ?? new DialInUser { UserPrincipalName = upn };
                change.Users.Add(updated);
                if (existing?.Home == to) return change;
                updated.Home = to;
                edit.Save(updated);
                if (to == MeetingHome.Teams)
                {
                    change.Triggers.Add(TriggerNames.MovedToTeams);
                    Queue(edit, updated, change, SourceMeetingType.SfB, TargetMeetingType.Teams);
                }
                else
                {
                    change.Triggers.Add(TriggerNames.MovedToSkypeForBusinessOnline);
                    Queue(edit, updated, change, SourceMeetingType.All, TargetMeetingType.Current);
                }
                return change;
            }, cancellationToken);
        }

        public Task<IReadOnlyList<ConferencingBridge>> GetBridgesAsync(CancellationToken cancellationToken) => _store.GetBridgesAsync(cancellationToken);

        /// <summary>Creates a bridge (names are unique); the first bridge becomes the tenant's default.</summary>
        public Task<ConferencingBridge> NewBridgeAsync(string name, string? region, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 128)
                throw Invalid("Name", name, "Give the bridge a name of 1 to 128 characters.");
            return _store.EditConferencingAsync(edit =>
            {
                if (edit.FindBridge(name) != null)
                    throw new MeetingMigrationException(ErrorIds.BridgeExists, ErrorKind.InvalidOperation,
                        $"A bridge named '{name.Trim()}' exists already; nothing was created.", name,
                        "Choose another name, or change that bridge with Set-CsOnlineDialInConferencingBridge.");
                var bridge = new ConferencingBridge { Name = name.Trim(), Region = region, IsDefault = edit.Bridges().Count == 0 };
                edit.Save(bridge);
                return bridge;
            }, cancellationToken);
        }

        /// <summary>
        /// Set-CsOnlineDialInConferencingBridge: renames it, changes its default numbers (a number registered on it; users
        /// keep theirs, so nothing is queued: a new default is not a trigger), or makes it the tenant's default bridge.
        /// </summary>
        public Task<ConferencingBridge> SetBridgeAsync(BridgeReference reference, string? newName, string? defaultServiceNumber,
            string? defaultTollFreeServiceNumber, bool setDefault, CancellationToken cancellationToken)
        {
            var toll = defaultServiceNumber == null ? null : PhoneNumber.Normalize(defaultServiceNumber, "DefaultServiceNumber");
            var tollFree = defaultTollFreeServiceNumber == null ? null : PhoneNumber.Normalize(defaultTollFreeServiceNumber, "DefaultTollFreeServiceNumber");
            return _store.EditConferencingAsync(edit =>
            {
                var bridges = edit.Bridges();
                var bridge = Resolve(bridges, reference).Clone();
                if (newName != null)
                {
                    if (string.IsNullOrWhiteSpace(newName) || newName.Trim().Length > 128) throw Invalid("Name", newName, "Give the bridge a name of 1 to 128 characters.");
                    var clash = edit.FindBridge(newName);
                    if (clash != null && clash.Identity != bridge.Identity)
                        throw new MeetingMigrationException(ErrorIds.BridgeExists, ErrorKind.InvalidOperation,
                            $"A bridge named '{newName.Trim()}' exists already; '{bridge.Name}' was left unchanged.", newName, "Choose another name.");
                    bridge.Name = newName.Trim();
                }
                if (toll != null) bridge.DefaultServiceNumber = RequireOnBridge(bridge, toll, ServiceNumberType.Toll, "DefaultServiceNumber");
                if (tollFree != null) bridge.DefaultTollFreeServiceNumber = RequireOnBridge(bridge, tollFree, ServiceNumberType.TollFree, "DefaultTollFreeServiceNumber");
                if (setDefault && !bridge.IsDefault)
                {
                    foreach (var other in bridges.Where(b => b.IsDefault && b.Identity != bridge.Identity))
                    {
                        other.IsDefault = false;
                        edit.Save(other);
                    }
                    bridge.IsDefault = true;
                }
                edit.Save(bridge);
                return bridge;
            }, cancellationToken);
        }

        /// <summary>Adds a service number to a bridge (a number belongs to one bridge); the bridge's first number of each type becomes its default.</summary>
        public Task<ConferencingBridge> RegisterServiceNumberAsync(string number, BridgeReference reference, ServiceNumberType type, string? city,
            string? primaryLanguage, IReadOnlyList<string>? secondaryLanguages, CancellationToken cancellationToken)
        {
            var normalized = PhoneNumber.Normalize(number, "Identity");
            return _store.EditConferencingAsync(edit =>
            {
                var bridges = edit.Bridges();
                var bridge = Resolve(bridges, reference).Clone();
                var holder = bridges.FirstOrDefault(b => b.FindNumber(normalized) != null);
                if (holder != null)
                    throw new MeetingMigrationException(ErrorIds.ServiceNumberInUse, ErrorKind.InvalidOperation,
                        $"{normalized} is registered on the bridge '{holder.Name}' already; nothing was changed.", number,
                        "Unregister it there first (Unregister-CsOnlineDialInConferencingServiceNumber), or use another number.");
                bridge.ServiceNumbers.Add(new BridgeServiceNumber
                {
                    Number = normalized, Type = type, City = city, PrimaryLanguage = primaryLanguage, BridgeId = bridge.Identity,
                    SecondaryLanguages = secondaryLanguages?.ToList() ?? new List<string>(),
                });
                if (type == ServiceNumberType.Toll && bridge.DefaultServiceNumber == null) bridge.DefaultServiceNumber = normalized;
                if (type == ServiceNumberType.TollFree && bridge.DefaultTollFreeServiceNumber == null) bridge.DefaultTollFreeServiceNumber = normalized;
                edit.Save(bridge);
                return bridge;
            }, cancellationToken);
        }

        /// <summary>
        /// Unregister-CsOnlineDialInConferencingServiceNumber: removes a number from its bridge. Every user whose own number it
        /// was falls back to the bridge's default, and is queued (ServiceNumberUnassigned). The bridge's default number cannot
        /// go while users show it unless <paramref name="removeDefaultServiceNumber"/>; they are queued too then.
        /// </summary>
        public Task<ConferencingChange> UnregisterServiceNumberAsync(string number, BridgeReference? reference, bool removeDefaultServiceNumber,
            CancellationToken cancellationToken)
        {
            var normalized = PhoneNumber.Normalize(number, "Identity");
            return _store.EditConferencingAsync(edit =>
            {
                var change = new ConferencingChange();
                var bridges = edit.Bridges();
                var bridge = (reference == null || reference.IsEmpty
                    ? bridges.FirstOrDefault(b => b.FindNumber(normalized) != null)
                    : Resolve(bridges, reference))?.Clone();
                var entry = bridge?.FindNumber(normalized);
                if (bridge == null || entry == null)
                    throw new MeetingMigrationException(ErrorIds.ServiceNumberNotOnBridge, ErrorKind.ObjectNotFound,
                        $"{normalized} is not registered on {(bridge == null ? "any bridge" : $"the bridge '{bridge.Name}'")}; nothing was changed.", number,
                        "Get-CsOnlineDialInConferencingBridge lists each bridge's ServiceNumbers.");

                var isDefault = bridge.DefaultServiceNumber == normalized || bridge.DefaultTollFreeServiceNumber == normalized;
                var onDefault = isDefault ? edit.UsersOnBridgeDefault(bridge.Identity, entry.Type) : Array.Empty<DialInUser>();
                if (isDefault && onDefault.Count > 0 && !removeDefaultServiceNumber)
                    throw new MeetingMigrationException(ErrorIds.DefaultServiceNumberInUse, ErrorKind.InvalidOperation,
                        $"{normalized} is the default number of the bridge '{bridge.Name}' and {onDefault.Count} user(s) show it; nothing was changed.", number,
                        "Set another default first (Set-CsOnlineDialInConferencingBridge -DefaultServiceNumber), or add -RemoveDefaultServiceNumber.");

                bridge.ServiceNumbers.Remove(entry);
                if (bridge.DefaultServiceNumber == normalized) bridge.DefaultServiceNumber = null;
                if (bridge.DefaultTollFreeServiceNumber == normalized) bridge.DefaultTollFreeServiceNumber = null;
                edit.Save(bridge);

                var affected = edit.UsersWithNumber(normalized).Concat(onDefault).GroupBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).Select(g => g.First());
                change.Triggers.Add(TriggerNames.ServiceNumberUnassigned);
                foreach (var user in affected)
                {
                    var updated = user.Clone();
                    if (updated.ServiceNumber == normalized) updated.ServiceNumber = null;
                    updated.TollFreeServiceNumbers.Remove(normalized);
                    edit.Save(updated);
                    change.Users.Add(updated);
                    Queue(edit, updated, change, SourceMeetingType.All, TargetMeetingType.Current);
                }
                return change;
            }, cancellationToken);
        }

        /// <summary>
        /// Set-CsOnlineDialInConferencingUserDefaultNumber: every user on the bridge whose number is <paramref name="fromNumber"/>
        /// gets <paramref name="toNumber"/> (registered on the bridge). With <paramref name="rescheduleMeetings"/> each is queued
        /// (DefaultNumberReplaced), as Microsoft's -RescheduleMeetings does; without it their invitations keep the old number.
        /// </summary>
        public Task<ConferencingChange> ReplaceUserDefaultNumberAsync(string fromNumber, string toNumber, ServiceNumberType type, BridgeReference reference,
            bool rescheduleMeetings, CancellationToken cancellationToken)
        {
            var from = PhoneNumber.Normalize(fromNumber, "FromNumber");
            var to = PhoneNumber.Normalize(toNumber, "ToNumber");
            return _store.EditConferencingAsync(edit =>
            {
                var change = new ConferencingChange();
                var bridge = Resolve(edit.Bridges(), reference);
                RequireOnBridge(bridge, to, type, "ToNumber");
                var users = edit.UsersWithNumber(from).Where(u => u.BridgeId == bridge.Identity).ToList();
                if (type == ServiceNumberType.Toll && bridge.DefaultServiceNumber == from || type == ServiceNumberType.TollFree && bridge.DefaultTollFreeServiceNumber == from)
                    users.AddRange(edit.UsersOnBridgeDefault(bridge.Identity, type));
                if (rescheduleMeetings && users.Count > 0) change.Triggers.Add(TriggerNames.DefaultNumberReplaced);
                foreach (var user in users.GroupBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).Select(g => g.First()))
                {
                    var updated = user.Clone();
                    if (type == ServiceNumberType.Toll) updated.ServiceNumber = to;
                    else updated.TollFreeServiceNumbers = updated.TollFreeServiceNumbers.Where(n => n != from).Prepend(to).Distinct().ToList();
                    edit.Save(updated);
                    change.Users.Add(updated);
                    if (rescheduleMeetings) Queue(edit, updated, change, SourceMeetingType.All, TargetMeetingType.Current);
                }
                return change;
            }, cancellationToken);
        }

        /// <summary>
        /// Applies an update to a user inside the edit, checking every rule, and adds to <paramref name="triggers"/> what the
        /// invitations of the user would show differently. Shared by Set, Enable, the conferencing profile and imports.
        /// </summary>
        internal static DialInUser Apply(IConferencingEdit edit, DialInUser? existing, string upn, DialInUserUpdate update, List<string> triggers)
        {
            var user = existing?.Clone() ?? new DialInUser { UserPrincipalName = upn };
            // Provider, Enabled and Home come only from imports (Enable, Disable and moves have their own methods): an
            // existing user's change of them triggers as those commands would, a new user's values are the baseline.
            if (update.Provider != null)
            {
                if (existing != null && existing.Provider != ConferencingProvider.Microsoft && update.Provider == ConferencingProvider.Microsoft)
                    triggers.Add(TriggerNames.ProviderSwitchedToMicrosoft);
                user.Provider = update.Provider.Value;
            }
            if (update.ProviderName != null) user.ProviderName = update.ProviderName.Length == 0 ? null : update.ProviderName;
            if (update.Enabled != null)
            {
                if (existing != null && existing.Enabled != update.Enabled.Value)
                    triggers.Add(update.Enabled.Value ? TriggerNames.AudioConferencingEnabled : TriggerNames.AudioConferencingDisabled);
                user.Enabled = update.Enabled.Value;
            }
            if (update.AllowPstnOnlyMeetings != null) user.AllowPstnOnlyMeetings = update.AllowPstnOnlyMeetings.Value;
            if (update.JoinUrl != null) user.JoinUrl = update.JoinUrl.Length == 0 ? null : update.JoinUrl;
            if (update.DialInUrl != null) user.DialInUrl = update.DialInUrl.Length == 0 ? null : update.DialInUrl;
            if (update.Home != null)
            {
                if (existing != null && existing.Home != update.Home)
                {
                    // An unknown home becoming on-premises is a fact recorded; a cloud user going back cannot be migrated.
                    if (update.Home == MeetingHome.SkypeForBusinessServer)
                    {
                        if (existing.Home != null) throw MoveBackRefused(update.Home.Value);
                    }
                    else
                    {
                        // First, so that the move decides whether the change queues (moves queue with automatic migration off).
                        triggers.Insert(0, update.Home == MeetingHome.Teams ? TriggerNames.MovedToTeams : TriggerNames.MovedToSkypeForBusinessOnline);
                    }
                }
                user.Home = update.Home;
            }

            if (!update.Bridge.IsEmpty)
            {
                var bridge = Resolve(edit.Bridges(), update.Bridge);
                if (user.BridgeId != bridge.Identity)
                {
                    user.BridgeId = bridge.Identity;
                    // A user's numbers belong to their bridge: ones the new bridge does not have give way to its defaults.
                    if (user.ServiceNumber != null && bridge.FindNumber(user.ServiceNumber) == null) user.ServiceNumber = null;
                    user.TollFreeServiceNumbers = user.TollFreeServiceNumbers.Where(n => bridge.FindNumber(n) != null).ToList();
                    if (existing != null) triggers.Add(TriggerNames.BridgeChanged);
                }
            }

            if (update.ServiceNumber != null)
            {
                var number = update.ServiceNumber.Length == 0 ? null : CheckUserNumber(edit, user, update.ServiceNumber, ServiceNumberType.Toll, "ServiceNumber");
                if (number != user.ServiceNumber && existing != null) triggers.Add(TriggerNames.ServiceNumberChanged);
                user.ServiceNumber = number;
            }
            var tollFree = update.TollFreeServiceNumbers ?? (update.TollFreeServiceNumber == null ? null
                : update.TollFreeServiceNumber.Length == 0 ? Array.Empty<string>() : new[] { update.TollFreeServiceNumber });
            if (tollFree != null)
            {
                var numbers = tollFree.Select(n => CheckUserNumber(edit, user, n, ServiceNumberType.TollFree, "TollFreeServiceNumber")).Distinct().ToList();
                if (!numbers.SequenceEqual(user.TollFreeServiceNumbers) && existing != null && !triggers.Contains(TriggerNames.ServiceNumberChanged))
                    triggers.Add(TriggerNames.ServiceNumberChanged);
                user.TollFreeServiceNumbers = numbers;
            }

            if (update.ResetConferenceId)
            {
                user.ConferenceId = NewConferenceId(edit, user.ConferenceId);
                triggers.Add(TriggerNames.ConferenceIdReset);
            }
            else if (update.ConferenceId != null && update.ConferenceId != user.ConferenceId)
            {
                var holder = edit.FindUserByConferenceId(update.ConferenceId);
                if (holder != null && !string.Equals(holder.UserPrincipalName, upn, StringComparison.OrdinalIgnoreCase))
                    throw new MeetingMigrationException(ErrorIds.ConferenceIdInUse, ErrorKind.InvalidOperation,
                        $"Conference ID {update.ConferenceId} belongs to {holder.UserPrincipalName}; {upn} was left unchanged.", update.ConferenceId,
                        "Conference IDs are unique in the tenant: give another one, or use -ResetConferenceId to get a free one.");
                if (existing?.ConferenceId != null) triggers.Add(TriggerNames.ConferenceIdChanged);
                user.ConferenceId = update.ConferenceId;
            }
            return user;
        }

        /// <summary>Queues the user's migration for what the change amounts to, when the tenant's switches allow it.</summary>
        internal void Queue(IConferencingEdit edit, DialInUser user, ConferencingChange change, SourceMeetingType source, TargetMeetingType target)
        {
            if (change.Triggers.Count == 0) return;
            var trigger = change.Triggers[0];
            var blocked = TriggerPolicy.WhyNotQueued(trigger, edit.Configuration, edit.DialInSettings);
            if (blocked != null)
            {
                change.NotQueuedBecause = blocked;
                return;
            }
            var request = new EnqueueRequest(UserIdentity.Parse(user.UserPrincipalName), source, target)
            {
                UserId = user.UserId,
                UserPrincipalName = user.UserPrincipalName,
                NotBefore = _clock.UtcNow + edit.Configuration.TriggerDelay,
                Trigger = string.Join(", ", change.Triggers.Distinct()),
                Settle = true,
            };
            change.Queued.Add(edit.Enqueue(request).Request);
        }

        private static string CheckUserNumber(IConferencingEdit edit, DialInUser user, string value, ServiceNumberType type, string parameter)
        {
            var number = PhoneNumber.Normalize(value, parameter);
            if (user.BridgeId == null) return number; // a provider's or an imported number: no bridge of ours to check against
            var bridge = edit.FindBridge(user.BridgeId.Value);
            if (bridge != null) RequireOnBridge(bridge, number, type, parameter);
            return number;
        }

        private static string RequireOnBridge(ConferencingBridge bridge, string number, ServiceNumberType type, string parameter)
        {
            var entry = bridge.FindNumber(number);
            if (entry == null || entry.Type != type)
                throw new MeetingMigrationException(ErrorIds.ServiceNumberNotOnBridge, ErrorKind.InvalidArgument,
                    $"{parameter} {number} is not a {(type == ServiceNumberType.Toll ? "toll" : "toll-free")} number of the bridge '{bridge.Name}'; nothing was changed.", number,
                    "Use a number the bridge lists (Get-CsOnlineDialInConferencingBridge), or register it first (Register-CsOnlineDialInConferencingServiceNumber).");
            return number;
        }

        private static ConferencingBridge Resolve(IReadOnlyList<ConferencingBridge> bridges, BridgeReference reference)
        {
            var found = reference.Identity != null
                ? bridges.FirstOrDefault(b => b.Identity == reference.Identity)
                : bridges.FirstOrDefault(b => string.Equals(b.Name, reference.Name?.Trim(), StringComparison.OrdinalIgnoreCase));
            return found ?? throw new MeetingMigrationException(ErrorIds.BridgeNotFound, ErrorKind.ObjectNotFound,
                $"No bridge '{reference}' exists; nothing was changed.", reference.ToString(),
                "Get-CsOnlineDialInConferencingBridge lists the bridges; New-CsOnlineDialInConferencingBridge creates one.");
        }

        /// <summary>A random conference ID no one in the tenant holds, as long as the old one (at least 7 digits), never the old one.</summary>
        private static string NewConferenceId(IConferencingEdit edit, string? previous)
        {
            var length = Math.Max(7, Math.Min(previous?.Length ?? 7, 9));
            while (true)
            {
                var digits = new char[length];
                var bytes = new byte[length];
                using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
                for (var i = 0; i < length; i++) digits[i] = (char)('0' + bytes[i] % 10);
                if (digits[0] == '0') digits[0] = '1';
                var candidate = new string(digits);
                if (candidate != previous && edit.FindUserByConferenceId(candidate) == null) return candidate;
            }
        }

        /// <summary>
        /// The checks an update passes before any store access (also run on each imported row, and by the cmdlets before
        /// -WhatIf, so a bad value is an error there too): ConflictingParameters, InvalidConferenceId, InvalidSettingValue.
        /// </summary>
        public static void CheckUpdate(DialInUserUpdate update)
        {
            if (update.ResetConferenceId && update.ConferenceId != null)
                throw new MeetingMigrationException(ErrorIds.ConflictingParameters, ErrorKind.InvalidArgument,
                    $"-ConferenceId {update.ConferenceId} and -ResetConferenceId cannot be used together; nothing was changed.", update.ConferenceId,
                    "Give a conference ID, or ask for a new one with -ResetConferenceId, not both.");
            if (update.ConferenceId != null && (update.ConferenceId.Length < 4 || update.ConferenceId.Length > 20 || !update.ConferenceId.All(c => c >= '0' && c <= '9')))
                throw new MeetingMigrationException(ErrorIds.InvalidConferenceId, ErrorKind.InvalidArgument,
                    $"Conference ID '{update.ConferenceId}' is not 4 to 20 digits; nothing was changed.", update.ConferenceId,
                    "Give digits only, such as 4715832.");
            CheckBridgeReference(update.Bridge);
            CheckUrl("JoinUrl", update.JoinUrl);
            CheckUrl("DialInUrl", update.DialInUrl);
        }

        private static void CheckBridgeReference(BridgeReference bridge)
        {
            if (bridge.Identity != null && !string.IsNullOrWhiteSpace(bridge.Name))
                throw new MeetingMigrationException(ErrorIds.ConflictingParameters, ErrorKind.InvalidArgument,
                    $"-BridgeId {bridge.Identity:D} and -BridgeName '{bridge.Name}' name the bridge twice; nothing was changed.", bridge.Name,
                    "Give -BridgeId or -BridgeName, not both.");
        }

        private static void CheckUrl(string name, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                throw Invalid(name, value, "Give an absolute https URL, such as https://meet.contoso.com/ashaw/K7L2P9QZ.");
        }

        /// <summary>A user as the conferencing commands take one: a UPN or SIP address (InvalidIdentity otherwise, object ids included).</summary>
        public static UserIdentity ParseUser(string? identity)
        {
            var user = UserIdentity.Parse(identity);
            AddressOf(user);
            return user;
        }

        /// <summary>Audio conferencing is kept by address: an object id is refused.</summary>
        internal static string AddressOf(UserIdentity user)
        {
            if (user.Kind != UserIdentityKind.Address)
                throw new MeetingMigrationException(ErrorIds.InvalidIdentity, ErrorKind.InvalidArgument,
                    $"'{user.Original}' is an object id; audio conferencing is kept by the user's address.", user.Original,
                    "Give the user's UPN or SIP address, such as ashaw@contoso.com.");
            return user.Value;
        }

        private static MeetingMigrationException MoveBackRefused(MeetingHome to) =>
            new MeetingMigrationException(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                "A move back to Skype for Business Server cannot be migrated: MMS migrates meetings to the cloud only.", to.ToString(),
                "Record the move as Teams or SkypeForBusinessOnline (-Target, or the Home column of an import).");

        private static MeetingMigrationException NoConferencingUser(string upn) =>
            new MeetingMigrationException(ErrorIds.ConferencingUserNotFound, ErrorKind.ObjectNotFound,
                $"{upn} has no audio conferencing data in the store; nothing was changed.", upn,
                "Enable-CsOnlineDialInConferencingUser enables them, or Import-CsOnlineDialInConferencingUser loads an export.");

        private static MeetingMigrationException Invalid(string property, object? value, string what) =>
            new MeetingMigrationException(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument, $"{property} cannot be '{value}'. {what}", value, what);
    }
}
