using System;
using System.Collections.Generic;
using System.Globalization;
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
    public sealed partial class ConferencingAdmin
    {
        private readonly IMigrationStore _store;

        /// <param name="store">Also the clock of a trigger's settle window (the store judges due times by it).</param>
        public ConferencingAdmin(IMigrationStore store)
        {
            _store = store;
        }

        /// <summary>The store the changes go to (imports batch their rows into its transactions).</summary>
        internal IMigrationStore Store => _store;

        /// <summary>
        /// One store transaction. With <paramref name="whatIf"/> every rule is applied and checked as the change would be,
        /// and then nothing is kept: throwing is how an edit is rolled back. -WhatIf of the import and of the number cmdlets
        /// shows the errors the run would give (a CSV checked with -WhatIf showed every row as good, outside probe AS-F4).
        /// </summary>
        internal async Task<T> EditAsync<T>(Func<IConferencingEdit, T> body, bool whatIf, CancellationToken cancellationToken)
        {
            if (!whatIf) return await _store.EditConferencingAsync(body, cancellationToken).ConfigureAwait(false);
            try
            {
                await _store.EditConferencingAsync<T>(edit => throw new RolledBack(body(edit)), cancellationToken).ConfigureAwait(false);
            }
            catch (RolledBack rolledBack)
            {
                return (T)rolledBack.Result!;
            }
            throw new InvalidOperationException("The store kept an edit that was rolled back.");
        }

        private sealed class RolledBack : Exception
        {
            public RolledBack(object? result) => Result = result;
            public object? Result { get; }
        }

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
                var found = Resolve(bridges, bridge, changing: false); // a read: its error does not say "nothing was changed"
                selected = selected.Where(u => u.BridgeId == found.Identity);
            }
            if (serviceNumber != null)
            {
                // Users who show the number: their own, or the default of the bridge it is on for those who have no number of
                // that type, as UsersShowing finds them for a change. Found by outside probe Z: the bridge's default toll number
                // selected nobody, though everyone on the bridge dialled in on it ("who still uses this number?" said no one).
                var number = PhoneNumber.Normalize(serviceNumber, "ServiceNumber");
                var bridges = await _store.GetBridgesAsync(cancellationToken).ConfigureAwait(false);
                var onBridge = bridges.FirstOrDefault(b => b.FindNumber(number) != null);
                // Shown, as the docs say: a disabled user's invitations show no number, nor do toll-free ones turned off, and
                // Unregister leaves such users out (outside probe BH-F4: this filter still listed them).
                var defaultType = onBridge?.FindNumber(number)?.Type;
                selected = selected.Where(u => (u.ServiceNumber == number && Shows(u, ServiceNumberType.Toll))
                                               || (u.TollFreeServiceNumbers.Contains(number) && Shows(u, ServiceNumberType.TollFree))
                                               || (onBridge != null && FollowsDefault(u, onBridge, number) && Shows(u, defaultType!.Value)));
            }
            return selected.ToList();
        }

        /// <summary>
        /// Set-CsOnlineDialInConferencingUser. The user must have audio conferencing data already unless
        /// <paramref name="createIfMissing"/> (the conferencing profile cmdlet and imports create it).
        /// </summary>
        /// <param name="whatIf">Checks every rule and returns the change as it would be; nothing is kept (Set's -WhatIf and questions).</param>
        public Task<ConferencingChange> SetUserAsync(UserIdentity user, DialInUserUpdate update, bool createIfMissing, CancellationToken cancellationToken,
            bool whatIf = false)
        {
            var upn = AddressOf(user);
            CheckUpdate(update);
            return EditAsync(edit => SetUser(edit, upn, update, createIfMissing), whatIf, cancellationToken);
        }

        /// <summary>
        /// The -WhatIf of a pipeline of Set changes: each checked against the store as the changes before it leave it, in one
        /// transaction that is then rolled back, and its failure (or null) returned in order. Checked one by one against the
        /// store as it is, a conference ID swap (one row frees an ID, the next takes it) was refused by -WhatIf and done by
        /// the run, and two rows taking one ID both passed (outside probe BI-F1).
        /// </summary>
        public Task<IReadOnlyList<MeetingMigrationException?>> PreviewSetUsersAsync(IReadOnlyList<(UserIdentity User, DialInUserUpdate Update)> changes,
            bool createIfMissing, CancellationToken cancellationToken) =>
            EditAsync<IReadOnlyList<MeetingMigrationException?>>(edit => changes.Select(c =>
            {
                try
                {
                    var upn = AddressOf(c.User);
                    CheckUpdate(c.Update);
                    SetUser(edit, upn, c.Update, createIfMissing); // Apply checks everything before it saves: a refused change leaves nothing
                    return (MeetingMigrationException?)null;
                }
                catch (MeetingMigrationException e)
                {
                    return e;
                }
            }).ToList(), whatIf: true, cancellationToken);

        private ConferencingChange SetUser(IConferencingEdit edit, string upn, DialInUserUpdate update, bool createIfMissing)
        {
            var change = new ConferencingChange();
            var existing = edit.FindUser(upn);
            if (existing == null && !createIfMissing) throw NoConferencingUser(upn);
            // Said before Apply's check that the ID is free, whose advice ("give another one") led to this refusal next
            // (outside probe BK-F3: a disabled user given another user's ID got ConferenceIdInUse).
            if (existing is { Enabled: false } && update.Enabled != true && update.ConferenceId is { } given)
                throw NoConferenceIdForDisabled(existing.UserPrincipalName, given);
            var updated = Apply(edit, existing, upn, update, change.Triggers);
            NoConferenceIdWhileDisabled(updated);
            edit.Save(updated);
            change.Users.Add(updated);
            Queue(edit, updated, change, SourceMeetingType.All, TargetMeetingType.Current);
            return change;
        }

        /// <summary>
        /// Enable-CsOnlineDialInConferencingUser: turns audio conferencing on with Microsoft as the provider. A user on a
        /// third-party provider needs <paramref name="replaceProvider"/>. Nothing changes (and nothing is queued) when the user
        /// is already enabled with Microsoft.
        /// </summary>
        /// <param name="fromInput">
        /// Which of the conference ID and numbers came from an input object (a piped Get object or a row), not typed: with
        /// <paramref name="replaceProvider"/>, those that are the replaced provider's own are not taken (<see cref="InputForMicrosoft"/>).
        /// Typed ones are applied as given.
        /// </param>
        /// <param name="whatIf">Checks every rule and returns the change as it would be; nothing is kept (Enable's -WhatIf and question).</param>
        public Task<ConferencingChange> EnableUserAsync(UserIdentity user, bool replaceProvider, string? conferenceId, string? serviceNumber,
            string? tollFreeServiceNumber, CancellationToken cancellationToken, EnableValues fromInput = EnableValues.None, bool whatIf = false)
        {
            var upn = AddressOf(user);
            var update = new DialInUserUpdate
            {
                ConferenceId = conferenceId, ServiceNumber = serviceNumber, TollFreeServiceNumber = tollFreeServiceNumber, NumbersOfTenantBridges = true,
            };
            CheckUpdate(update);
            return EditAsync(edit =>
            {
                var change = new ConferencingChange();
                var existing = edit.FindUser(upn);
                if (existing != null && existing.Provider != ConferencingProvider.Microsoft && !replaceProvider)
                {
                    throw new MeetingMigrationException(ErrorIds.ThirdPartyProvider, ErrorKind.InvalidOperation,
                        $"{upn} has audio conferencing from {QuotedValue.Inert(existing.ProviderName ?? existing.Provider.ToString(), QuotedValue.MaxShown)}; it was left unchanged.", upn,
                        "Add -ReplaceProvider to make Microsoft the provider (their meetings are then migrated to Microsoft's dial-in details).");
                }
                var switching = existing != null && existing.Provider != ConferencingProvider.Microsoft;
                var start = existing;
                var given = InputForMicrosoft(existing, update, fromInput);
                if (switching)
                {
                    // The values given with the command are applied over Microsoft's, not over the third party's.
                    start = existing!.Clone();
                    SwitchToMicrosoft(edit, start);
                }
                var updated = Apply(edit, start, upn, given, change.Triggers);
                if (switching)
                {
                    change.Triggers.RemoveAll(TriggerNames.IsPartOfProviderSwitch);
                    change.Triggers.Insert(0, TriggerNames.ProviderSwitchedToMicrosoft);
                }
                if (updated.BridgeId == null && DefaultBridge(edit) is { } bridge)
                {
                    // The numbers given with the command must be the bridge's the user now joins, as Set requires of a user on
                    // a bridge; numbers the user had (imported, on no bridge) that it does not list give way to its defaults,
                    // as on any move (outside probes: Enable put a user on the default bridge with numbers it does not have).
                    RequireGivenNumbersOnBridge(bridge, given, updated);
                    if (JoinBridge(updated, bridge) && existing != null) change.Triggers.Add(TriggerNames.BridgeChanged);
                }
                if (existing == null || !existing.Enabled)
                {
                    updated.Enabled = true;
                    change.Triggers.Insert(0, TriggerNames.AudioConferencingEnabled);
                }
                if (updated.ConferenceId == null) updated.ConferenceId = NewConferenceId(edit, null);
                updated.DialInUrl = WithConferenceId(updated.DialInUrl, existing?.ConferenceId ?? existing?.ReleasedConferenceId, updated.ConferenceId);
                updated.ReleasedConferenceId = null;
                edit.Save(updated);
                change.Users.Add(updated);
                Queue(edit, updated, change, SourceMeetingType.All, TargetMeetingType.Current);
                return change;
            }, whatIf, cancellationToken);
        }

        /// <summary>
        /// The values of an input (a row, a piped object) that a user who is or becomes Microsoft's takes: those that are a
        /// third party's own are not Microsoft's and are left out, the rest of the update is kept. The third party is the
        /// provider being replaced (a Get-CsOnlineDialInConferencingUser object piped to Enable -ReplaceProvider carries its
        /// conference ID and number, an exported row whose Provider is edited to Microsoft carries them too: outside probes
        /// AS, AT), or one replaced before (<see cref="DialInUser.ReplacedProviders"/>: the same takeover file imported a
        /// second time, outside probe AU-F2). Typed values are the admin's and do not come here.
        /// </summary>
        /// <param name="among">Which values the rule may drop (Enable: those that came with an input; an import row: all).</param>
        public static DialInUserUpdate InputForMicrosoft(DialInUser? stored, DialInUserUpdate update,
            EnableValues among = EnableValues.ConferenceId | EnableValues.ServiceNumber | EnableValues.TollFreeServiceNumber)
        {
            // The provider being replaced, and every one replaced before (a Get object saved in the first provider's days,
            // piped in while a second is being replaced).
            var theirs = new List<ReplacedProvider>(stored?.ReplacedProviders ?? new List<ReplacedProvider>());
            if (stored != null && stored.Provider != ConferencingProvider.Microsoft) theirs.Add(ReplacedProvider.Of(stored));
            if (theirs.Count == 0) return update;
            // Stored numbers are in E.164 form already; the given ones were checked by CheckUpdate (an empty one clears).
            bool Same(string? given, string? their) => their != null && PhoneNumber.TryNormalize(given, out var number) && number == their;
            bool Toll(string? given) => theirs.Any(t => Same(given, t.ServiceNumber));
            bool TollFree(string? given) => theirs.Any(t => t.TollFreeServiceNumbers.Any(n => Same(given, n)));
            var kept = update.Copy();
            if (among.HasFlag(EnableValues.ConferenceId) && kept.ConferenceId != null && theirs.Any(t => t.ConferenceId == kept.ConferenceId)) kept.ConferenceId = null;
            if (among.HasFlag(EnableValues.ServiceNumber) && Toll(kept.ServiceNumber)) kept.ServiceNumber = null;
            if (among.HasFlag(EnableValues.TollFreeServiceNumber) && TollFree(kept.TollFreeServiceNumber)) kept.TollFreeServiceNumber = null;
            if (kept.TollFreeServiceNumbers != null && kept.TollFreeServiceNumbers.Count > 0 && kept.TollFreeServiceNumbers.All(TollFree)) kept.TollFreeServiceNumbers = null;
            if (kept.DialInUrl != null && theirs.Any(t => t.DialInUrl == kept.DialInUrl)) kept.DialInUrl = null;
            // An exported row's ProviderName column still names the third party: a Microsoft user has none.
            if (kept.ProviderName != null && theirs.Any(t => t.ProviderName == kept.ProviderName)) kept.ProviderName = null;
            return kept;
        }

        /// <summary>
        /// A user whose provider becomes Microsoft (Enable -ReplaceProvider, an import, a license that replaces the provider):
        /// the third party's conference ID, numbers and "find a local number" page are not Microsoft's, so the user gets a
        /// new conference ID and the bridge's default numbers, and a user on no bridge of ours joins the tenant's default
        /// bridge, as Microsoft assigns one when it becomes the provider. Without this their migrated invitations showed
        /// the third party's numbers as Microsoft's (found by an outside probe).
        /// </summary>
        internal static void SwitchToMicrosoft(IConferencingEdit edit, DialInUser user)
        {
            var replaced = ReplacedProvider.Of(user);
            user.ReplacedProviders ??= new List<ReplacedProvider>();
            user.ReplacedProviders.RemoveAll(r => r.SameAs(replaced));
            user.ReplacedProviders.Add(replaced);
            user.Provider = ConferencingProvider.Microsoft;
            user.ProviderName = null;
            user.ServiceNumber = null;
            user.TollFreeServiceNumbers = new List<string>();
            user.DialInUrl = null;
            if (user.BridgeId == null || edit.FindBridge(user.BridgeId.Value) == null) user.BridgeId = DefaultBridge(edit)?.Identity;
            user.ConferenceId = user.Enabled ? NewConferenceId(edit, user.ConferenceId) : null;
        }

        /// <summary>
        /// A Microsoft user whose provider becomes a third party's or their own again (an import row; rolling a takeover back
        /// with the export taken before it): Microsoft's bridge, numbers and conference ID are not theirs, so they give way
        /// to what that provider gave the user when it is one Microsoft replaced (the row's ProviderName names it; without
        /// one, the last replaced); the row's own values are applied over these. Before, the user stayed on Microsoft's
        /// bridge: the provider's number was refused as not the bridge's, and without it the user was counted as showing the
        /// bridge's numbers beside the provider's conference ID (outside probe AW-F1). Given back with care (outside probe
        /// AX): the bridge they were on when it still exists, and of its numbers only those it still lists (F4); a conference
        /// ID another user holds now refuses the row unless it gives one (F1), a disabled user's becomes their released one
        /// (F2); and a row that names no provider Microsoft replaced and gives none of its details is refused rather than
        /// leaving the user with no dial-in at all (F8: a misspelt ProviderName emptied the user).
        /// </summary>
        /// <returns>The provider whose details were given back, if any (its page may name its conference ID).</returns>
        internal static ReplacedProvider? SwitchFromMicrosoft(IConferencingEdit edit, DialInUser user, DialInUserUpdate update)
        {
            var providerName = string.IsNullOrEmpty(update.ProviderName) ? null : update.ProviderName;
            var replaced = user.ReplacedProviders ?? new List<ReplacedProvider>();
            var back = replaced.LastOrDefault(r => providerName == null || string.Equals(r.ProviderName, providerName, StringComparison.OrdinalIgnoreCase));
            if (back == null && !GivesProviderDetails(update))
            {
                var names = replaced.Select(r => r.ProviderName).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                throw new MeetingMigrationException(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                    $"{user.UserPrincipalName} would be left with no dial-in details: " +
                    (names.Count == 0 ? "no provider Microsoft replaced for them is remembered" : $"{QuotedValue.Of(providerName ?? "")} is not a provider Microsoft replaced for them ({string.Join(", ", names.Select(n => QuotedValue.Of(n!)))})") +
                    ", and the row gives none of the provider's details; nothing was changed.", providerName ?? "",
                    "Name in ProviderName the provider whose details to give back, or give the provider's ConferenceId, ServiceNumber, TollFreeServiceNumbers or DialInUrl in the row.");
            }
            var bridge = back?.BridgeId is Guid id ? edit.FindBridge(id) : null;
            user.BridgeId = bridge?.Identity;
            user.ProviderName = back?.ProviderName;
            // On a bridge of ours, a number it no longer lists (unregistered since) is not given back: the user shows its default.
            bool Listed(string number, ServiceNumberType type) => bridge == null || bridge.FindNumber(number)?.Type == type;
            user.ServiceNumber = back?.ServiceNumber is { } toll && Listed(toll, ServiceNumberType.Toll) ? toll : null;
            user.TollFreeServiceNumbers = (back?.TollFreeServiceNumbers ?? new List<string>()).Where(n => Listed(n, ServiceNumberType.TollFree)).ToList();
            user.DialInUrl = back?.DialInUrl;
            var conferenceId = back?.ConferenceId;
            if (!user.Enabled)
            {
                // Released, as Disable leaves it: not reserved, so even one another user took meanwhile is the ID this user
                // gave up (the state a disabled user is in when their ID is taken). Enabling asks for a free one then, and
                // renames the page from it. Refusing the row (outside probe AY-F4) left no way to roll a disabled user
                // back while keeping them disabled (AZ-F2).
                user.ConferenceId = null;
                user.ReleasedConferenceId = conferenceId;
                return back;
            }
            if (conferenceId != null && HeldByAnother(edit, conferenceId, user.UserPrincipalName) is { } holder)
            {
                if (update.ConferenceId == null) throw ProvidersIdTaken(conferenceId, holder, user.UserPrincipalName, "before Microsoft replaced it");
                conferenceId = null; // the row's own ID is applied instead
            }
            user.ConferenceId = conferenceId;
            user.ReleasedConferenceId = null;
            return back;
        }

        /// <summary>
        /// A user left disabled has no conference ID (Disable releases it): Set or an import row giving one to a disabled user
        /// kept it live, reserved while the docs say it is released (outside probe AY-F3): refused, with where to give it.
        /// (The ID the user gave up, which an export edited to disable them names, Apply keeps as released.) Not for Enable,
        /// which turns the user on after applying its values.
        /// </summary>
        internal static void NoConferenceIdWhileDisabled(DialInUser updated)
        {
            if (updated.Enabled || updated.ConferenceId == null) return;
            throw NoConferenceIdForDisabled(updated.UserPrincipalName, updated.ConferenceId);
        }

        private static MeetingMigrationException NoConferenceIdForDisabled(string upn, string conferenceId) =>
            new MeetingMigrationException(ErrorIds.InvalidSettingValue, ErrorKind.InvalidOperation,
                $"Conference ID {conferenceId} cannot be given to {upn}, whose audio conferencing is disabled (a disabled user has none); nothing was changed.",
                conferenceId,
                "Give the ID when enabling the user: Enable-CsOnlineDialInConferencingUser -ConferenceId, or Enabled True in the same import row.");

        /// <summary>A row that gives a provider's own dial-in details (it is not left with none by switching to that provider).</summary>
        private static bool GivesProviderDetails(DialInUserUpdate update) =>
            update.ConferenceId != null || !string.IsNullOrEmpty(update.ServiceNumber) || !string.IsNullOrEmpty(update.TollFreeServiceNumber)
            || (update.TollFreeServiceNumbers?.Count ?? 0) > 0 || !string.IsNullOrEmpty(update.DialInUrl) || !update.Bridge.IsEmpty;

        /// <summary>The user other than <paramref name="upn"/> who holds the conference ID, if any.</summary>
        private static string? HeldByAnother(IConferencingEdit edit, string conferenceId, string upn) =>
            edit.FindUserByConferenceId(conferenceId) is { } holder && !string.Equals(holder.UserPrincipalName, upn, StringComparison.OrdinalIgnoreCase)
                ? holder.UserPrincipalName
                : null;

        /// <summary>
        /// A third party's conference ID that cannot be given back because another user took it meanwhile: a third party's
        /// IDs are its own, so no random one replaces it, and the row is refused (outside probe AX: the user was left enabled
        /// with none, and their page named the other user's ID).
        /// </summary>
        private static MeetingMigrationException ProvidersIdTaken(string conferenceId, string holder, string upn, string when) =>
            new MeetingMigrationException(ErrorIds.ConferenceIdInUse, ErrorKind.InvalidOperation,
                $"Conference ID {conferenceId}, which {upn}'s provider gave them {when}, belongs to {holder} now; {upn} was left unchanged.", conferenceId,
                "Conference IDs are unique in the tenant: give the user the ID their provider gives them now in the row's ConferenceId column.");

        /// <summary>The tenant's default bridge (Set-CsOnlineDialInConferencingBridge -SetDefault), if it has one.</summary>
        private static ConferencingBridge? DefaultBridge(IConferencingEdit edit) => edit.Bridges().FirstOrDefault(b => b.IsDefault);

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
                updated.ReleaseConferenceId();
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

        /// <summary>
        /// Applies an update to a user inside the edit, checking every rule, and adds to <paramref name="triggers"/> what the
        /// invitations of the user would show differently. Shared by Set, Enable, the conferencing profile and imports.
        /// </summary>
        internal static DialInUser Apply(IConferencingEdit edit, DialInUser? existing, string upn, DialInUserUpdate update, List<string> triggers)
        {
            var user = existing?.Clone() ?? new DialInUser { UserPrincipalName = upn };
            // Before a row's Enabled releases or gives a conference ID, so the dial-in page follows those changes too.
            var previousId = user.ConferenceId ?? user.ReleasedConferenceId;
            // Provider, Enabled and Home come only from imports (Enable, Disable and moves have their own methods): an
            // existing user's change of them triggers as those commands would, a new user's values are the baseline.
            var switching = update.Provider == ConferencingProvider.Microsoft && existing != null && existing.Provider != ConferencingProvider.Microsoft;
            // Leaving Microsoft: a user on one of the tenant's bridges (Microsoft's), or one Microsoft took over from a provider.
            // A user on no bridge whose record names Microsoft only by default (a conferencing profile, an imported row) keeps
            // their details: the row corrects the record, and nothing their invitations show changes.
            var leaving = update.Provider is { } provider && provider != ConferencingProvider.Microsoft && existing?.Provider == ConferencingProvider.Microsoft
                          && (existing.BridgeId != null || (existing.ReplacedProviders?.Count ?? 0) > 0);
            ReplacedProvider? givenBack = null;
            if (update.Provider != null)
            {
                if (switching)
                {
                    triggers.Add(TriggerNames.ProviderSwitchedToMicrosoft);
                    // The row's own values (a bridge, numbers, a conference ID) are applied below, over Microsoft's; those
                    // that are the third party's (an exported row with its Provider edited) are not Microsoft's.
                    SwitchToMicrosoft(edit, user);
                    update = InputForMicrosoft(existing, update);
                }
                else if (leaving)
                {
                    triggers.Add(TriggerNames.ProviderSwitchedFromMicrosoft);
                    // The page given back names the provider's ID: a row's new ID renames it there (outside probe AX-F5).
                    givenBack = SwitchFromMicrosoft(edit, user, update);
                    previousId = givenBack?.ConferenceId ?? previousId;
                }
                user.Provider = update.Provider.Value;
            }
            if (!string.IsNullOrEmpty(update.ProviderName) && user.Provider == ConferencingProvider.Microsoft)
                throw new MeetingMigrationException(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                    $"ProviderName {QuotedValue.Of(update.ProviderName!)} names a provider, but {upn}'s provider is Microsoft, which has no ProviderName; nothing was changed.",
                    update.ProviderName,
                    "Leave ProviderName empty for users whose provider is Microsoft, or give Provider ThirdParty (or SelfManaged) in the same row to make that provider theirs.");
            if (update.ProviderName != null) user.ProviderName = update.ProviderName.Length == 0 ? null : update.ProviderName;
            if (update.Enabled != null)
            {
                if (existing != null && existing.Enabled != update.Enabled.Value)
                {
                    triggers.Add(update.Enabled.Value ? TriggerNames.AudioConferencingEnabled : TriggerNames.AudioConferencingDisabled);
                    // As Disable and Enable do: a disabled user's conference ID is released (another user may take it), an
                    // enabled user without one gets one. A conference ID in the same row is applied below.
                    if (!update.Enabled.Value) user.ReleaseConferenceId();
                    else if (user.ConferenceId == null && user.Provider == ConferencingProvider.Microsoft) user.ConferenceId = NewConferenceId(edit, null);
                    else if (user.ConferenceId == null && update.ConferenceId == null && user.ReleasedConferenceId is { } released)
                    {
                        // A third party's user gets back the ID their provider gave them (outside probe AX-F3: none at all);
                        // one another user took meanwhile refuses the row, as no random ID is the provider's.
                        if (HeldByAnother(edit, released, upn) is { } holder) throw ProvidersIdTaken(released, holder, upn, "before they were disabled");
                        user.ConferenceId = released;
                    }
                }
                user.Enabled = update.Enabled.Value;
            }
            if (update.AllowPstnOnlyMeetings != null) user.AllowPstnOnlyMeetings = update.AllowPstnOnlyMeetings.Value;
            if (update.AllowTollFreeDialIn is bool allowTollFree)
            {
                // Invitations gain or lose their toll-free numbers.
                if (existing != null && existing.AllowTollFreeDialIn != allowTollFree) triggers.Add(TriggerNames.TollFreeDialInChanged);
                user.AllowTollFreeDialIn = allowTollFree;
            }
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
                    JoinBridge(user, bridge);
                    if (existing != null) triggers.Add(TriggerNames.BridgeChanged);
                }
            }

            if (update.ServiceNumber != null)
            {
                var number = update.ServiceNumber.Length == 0 ? null : CheckUserNumber(edit, user, update.ServiceNumber, ServiceNumberType.Toll, "ServiceNumber", update.NumbersOfTenantBridges);
                if (number != user.ServiceNumber && existing != null) triggers.Add(TriggerNames.ServiceNumberChanged);
                user.ServiceNumber = number;
            }
            var tollFree = update.TollFreeServiceNumbers ?? (update.TollFreeServiceNumber == null ? null
                : update.TollFreeServiceNumber.Length == 0 ? Array.Empty<string>() : new[] { update.TollFreeServiceNumber });
            if (tollFree != null)
            {
                var numbers = tollFree.Select(n => CheckUserNumber(edit, user, n, ServiceNumberType.TollFree, "TollFreeServiceNumber", update.NumbersOfTenantBridges)).Distinct().ToList();
                if (!numbers.SequenceEqual(user.TollFreeServiceNumbers) && existing != null && !triggers.Contains(TriggerNames.ServiceNumberChanged))
                    triggers.Add(TriggerNames.ServiceNumberChanged);
                user.TollFreeServiceNumbers = numbers;
            }

            if (update.ResetConferenceId)
            {
                // Outside probe AZ-F5: refused later, naming the random ID it had made.
                if (!user.Enabled)
                    throw new MeetingMigrationException(ErrorIds.InvalidSettingValue, ErrorKind.InvalidOperation,
                        $"{upn}'s audio conferencing is disabled, so they have no conference ID to reset; nothing was changed.", upn,
                        "Enable-CsOnlineDialInConferencingUser gives them a conference ID when it enables them.");
                user.ConferenceId = NewConferenceId(edit, user.ConferenceId);
                triggers.Add(TriggerNames.ConferenceIdReset);
            }
            // Only a row that itself disables the user. Set naming a disabled user's released ID did nothing while its preview
            // said it would set it (outside probe BB-F3), so any ID Set gives a disabled user is refused; and Enable, which
            // turns the user on afterwards, saved a random ID instead of refusing their old one taken meanwhile (BA-F1).
            else if (update.ConferenceId != null && update.Enabled == false && (existing == null || update.ConferenceId == previousId))
            {
                // The ID a disabled user gave up (an export edited to disable them names it; a pre-takeover row, the
                // provider's), or a new user's recorded disabled: released, not live and not reserved, so another user
                // holding it meanwhile is no conflict (outside probes AY-F3, AZ-F1, AZ-F3).
                user.ReleasedConferenceId = update.ConferenceId;
            }
            else if (update.ConferenceId != null && update.ConferenceId != user.ConferenceId)
            {
                var holder = edit.FindUserByConferenceId(update.ConferenceId);
                if (holder != null && !string.Equals(holder.UserPrincipalName, upn, StringComparison.OrdinalIgnoreCase))
                    throw new MeetingMigrationException(ErrorIds.ConferenceIdInUse, ErrorKind.InvalidOperation,
                        $"Conference ID {update.ConferenceId} belongs to {holder.UserPrincipalName}; {upn} was left unchanged.", update.ConferenceId,
                        user.Provider == ConferencingProvider.Microsoft
                            // Enable gives a free one when none is given; Set gives one with -ResetConferenceId (outside probe BB-F4),
                            // which a disabled user (being enabled now) is refused: Enable is their way (BH-F6).
                            // and an enabled one's way is Set's (Enable changes nothing for them: outside probe BI-F6).
                            // A user not in the store yet (a profile or a row that creates them) has neither: leave the ID out (BJ-F3).
                            ? existing == null
                                ? "Conference IDs are unique in the tenant: give another one, or leave the conference ID out, and Enable-CsOnlineDialInConferencingUser gives the user a free one."
                                : !existing.Enabled
                                    ? "Conference IDs are unique in the tenant: give another one, or leave -ConferenceId out and Enable-CsOnlineDialInConferencingUser gives a free one."
                                    : "Conference IDs are unique in the tenant: give another one, or ask for a free one with Set-CsOnlineDialInConferencingUser -ResetConferenceId."
                            // A third party's IDs are its own: none is made up for them (outside probe BA-F3).
                            : "Conference IDs are unique in the tenant, and a provider's IDs are its own: give the ID their provider gives them now.");
                // An ID given to an enabled user who had none appears in their invitations too (outside probe AX-F6).
                if (existing != null && (existing.ConferenceId != null || existing.Enabled)) triggers.Add(TriggerNames.ConferenceIdChanged);
                user.ConferenceId = update.ConferenceId;
            }
            // A page given with the ID it names (both in the row) is taken as given; a page given alone, as an import row
            // exported before the user was disabled carries it, follows the ID the user ends with (outside probe Q).
            if (update.DialInUrl == null) user.DialInUrl = WithConferenceId(user.DialInUrl, previousId, user.ConferenceId);
            else if (update.ConferenceId == null) user.DialInUrl = WithConferenceId(user.DialInUrl, previousId, user.ConferenceId, anyQueryId: true);
            if (user.ConferenceId != null) user.ReleasedConferenceId = null;
            // A Microsoft user become a provider's with nothing of that provider's given back loses Microsoft's conference
            // ID: the row must give the provider's, or they were left enabled with none beside the bridge's number (outside
            // probe AY-F2). A provider given back restores what it gave, an ID or none (AZ-F4: a provider that gave none
            // could not be rolled back to), and a third party's user enabled with no ID recorded stays as the record says.
            if (leaving && givenBack == null && user.Enabled && user.ConferenceId == null)
                throw new MeetingMigrationException(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                    $"{upn} would be left enabled with {QuotedValue.Of(user.ProviderName ?? user.Provider.ToString())} as the provider but no conference ID: " +
                    "no provider Microsoft replaced for them is given back, and the row gives none; nothing was changed.",
                    // The Provider cell, whichever provider (outside probe BA-F3: ProviderName for one row, UPN for another).
                    update.Provider!.Value.ToString(),
                    "A provider's IDs are its own (none is made up): give the conference ID their provider gives them in the row's ConferenceId column.");
            // A user disabled before and after shows no dial-in: a change of their numbers, bridge or ID changes no
            // invitation (outside probe AZ-F6: Set -ServiceNumber queued them).
            if (existing != null && !existing.Enabled && !user.Enabled)
                triggers.RemoveAll(t => t is TriggerNames.ServiceNumberChanged or TriggerNames.BridgeChanged or TriggerNames.ConferenceIdChanged
                    or TriggerNames.ConferenceIdReset or TriggerNames.TollFreeDialInChanged);
            if (switching || leaving) triggers.RemoveAll(TriggerNames.IsPartOfProviderSwitch);
            return user;
        }

        /// <summary>
        /// A "find a local number" page that names the conference ID (Teams writes <c>...?id=123456789</c>) names the new one
        /// when the ID changes: the migrated invitations showed the new ID beside a link to the old (outside probe). A user
        /// given an ID after having none (Enable after Disable, which released the old one to the tenant) has a page whose
        /// numeric <c>id</c> can only be the released one, maybe another user's by now: it names the new ID too (outside
        /// probe O). The query is read up to a fragment (<c>?id=4445556#top</c>), and a path segment that is the old ID
        /// (<c>/find/4445556</c>) is replaced as well when the old ID is known (outside probe Q): the user's, or the one they
        /// gave up when disabled (<see cref="DialInUser.ReleasedConferenceId"/>; outside probe R). <paramref name="anyQueryId"/>:
        /// the page was given without the ID it names (an import row), so a numeric <c>id</c> names the ID the user ends with.
        /// </summary>
        internal static string? WithConferenceId(string? dialInUrl, string? previous, string? current, bool anyQueryId = false)
        {
            if (dialInUrl == null || current == null || (previous == current && !anyQueryId)) return dialInUrl;
            int fragmentAt = dialInUrl.IndexOf('#');
            var fragment = fragmentAt < 0 ? "" : dialInUrl.Substring(fragmentAt);
            var beforeFragment = fragmentAt < 0 ? dialInUrl : dialInUrl.Substring(0, fragmentAt);
            int queryAt = beforeFragment.IndexOf('?');
            var path = queryAt < 0 ? beforeFragment : beforeFragment.Substring(0, queryAt);
            var changed = false;
            if (previous != null)
            {
                // The path after the host: its segments, one of which may be the old ID.
                int scheme = path.IndexOf("//", StringComparison.Ordinal);
                int hostEnd = path.IndexOf('/', scheme < 0 ? 0 : scheme + 2);
                if (hostEnd >= 0)
                {
                    var segments = path.Substring(hostEnd).Split('/');
                    for (int i = 0; i < segments.Length; i++)
                    {
                        if (segments[i] != previous) continue;
                        segments[i] = current;
                        changed = true;
                    }
                    path = path.Substring(0, hostEnd) + string.Join("/", segments);
                }
            }
            var query = queryAt < 0 ? null : beforeFragment.Substring(queryAt + 1).Split('&');
            for (int i = 0; query != null && i < query.Length; i++)
            {
                // Without an old ID to look for (a page given in an import row, which does not say which ID it names; a user
                // disabled before released IDs were kept), a numeric id names the conference ID, as Teams' pages do.
                var named = previous != null && !anyQueryId
                    ? string.Equals(query[i], "id=" + previous, StringComparison.OrdinalIgnoreCase)
                    : query[i].Length > 3 && query[i].StartsWith("id=", StringComparison.OrdinalIgnoreCase) && query[i].Skip(3).All(c => c >= '0' && c <= '9');
                if (!named) continue;
                query[i] = "id=" + current;
                changed = true;
            }
            return changed ? path + (query == null ? "" : "?" + string.Join("&", query)) + fragment : dialInUrl;
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
                change.AlreadyPending = edit.FindPendingRequest(user.UserPrincipalName, user.UserId);
                return;
            }
            var request = new EnqueueRequest(UserIdentity.Parse(user.UserPrincipalName), source, target)
            {
                UserId = user.UserId,
                UserPrincipalName = user.UserPrincipalName,
                NotBefore = _store.Clock.UtcNow + edit.Configuration.TriggerDelay, // the store judges it by its clock
                Trigger = string.Join(", ", change.Triggers.Distinct()),
                Settle = true,
            };
            var queued = edit.Enqueue(request);
            change.Queued.Add(queued.Request);
            foreach (var undo in queued.ReplacedUndos.Concat(queued.ReplacedRetries.Where(r => r.IsUndo).Select(r => r.CorrelationId)))
                change.ReplacedUndos.Add((undo, queued.Request.CorrelationId, queued.Request.UserPrincipalName));
            foreach (var undo in queued.UndosLeftToStopOrShare)
                change.UndosLeftToStopOrShare.Add((undo, queued.Request));
            if (queued.FinishingUndo is { } finishing) change.FinishingUndos.Add((finishing.Undo, finishing.FailedUndo, queued.Request));
            foreach (var retry in queued.ReplacedRetries.Where(r => !r.IsUndo))
                change.ReplacedMigrationRetries.Add((retry.CorrelationId, queued.Request));
        }

        private static string CheckUserNumber(IConferencingEdit edit, DialInUser user, string value, ServiceNumberType type, string parameter, bool ofTenantBridges)
        {
            var number = PhoneNumber.Normalize(value, parameter);
            if (user.BridgeId == null)
            {
                // A provider's or an imported number: no bridge of ours to check it against. An admin's own command for a
                // Microsoft user is checked against the tenant's bridges, when it has any: a number none of them lists would
                // be written into every invitation of the user's (found by an outside probe).
                var bridges = edit.Bridges();
                var alreadyTheirs = type == ServiceNumberType.Toll ? user.ServiceNumber == number : user.TollFreeServiceNumbers.Contains(number);
                if (ofTenantBridges && !alreadyTheirs && user.Provider == ConferencingProvider.Microsoft && bridges.Count > 0
                    && !bridges.Any(b => b.FindNumber(number) is { } found && found.Type == type))
                    throw new MeetingMigrationException(ErrorIds.ServiceNumberNotOnBridge, ErrorKind.InvalidArgument,
                        $"{parameter} {number} is not a {TypeName(type)} number of any of the tenant's bridges, and {user.UserPrincipalName} is on none; nothing was changed.", number,
                        "Use a number a bridge lists (Get-CsOnlineDialInConferencingBridge), register it first (Register-CsOnlineDialInConferencingServiceNumber), or put the user on a bridge with -BridgeName.");
                return number;
            }
            var bridge = edit.FindBridge(user.BridgeId.Value);
            if (bridge != null) RequireOnBridge(bridge, number, type, parameter);
            return number;
        }

        /// <summary>The numbers an update gave, checked against the bridge the user was put on after it was applied.</summary>
        private static void RequireGivenNumbersOnBridge(ConferencingBridge bridge, DialInUserUpdate update, DialInUser user)
        {
            if (!string.IsNullOrEmpty(update.ServiceNumber) && user.ServiceNumber != null) RequireOnBridge(bridge, user.ServiceNumber, ServiceNumberType.Toll, "ServiceNumber");
            if (!string.IsNullOrEmpty(update.TollFreeServiceNumber) || update.TollFreeServiceNumbers is { Count: > 0 })
                foreach (var number in user.TollFreeServiceNumbers) RequireOnBridge(bridge, number, ServiceNumberType.TollFree, "TollFreeServiceNumber");
        }

        private static string TypeName(ServiceNumberType type) => type == ServiceNumberType.Toll ? "toll" : "toll-free";

        /// <summary>
        /// Puts a user on a bridge. A user's numbers belong to their bridge: their own ones it does not list, of that type, give
        /// way to its defaults. Shared by a move (-BridgeName), Enable's default bridge and Unregister's bridge for a user on none.
        /// </summary>
        /// <returns>True when numbers of the user's own gave way, so their invitations show others.</returns>
        internal static bool JoinBridge(DialInUser user, ConferencingBridge bridge)
        {
            user.BridgeId = bridge.Identity;
            var dropped = false;
            if (user.ServiceNumber != null && bridge.FindNumber(user.ServiceNumber)?.Type != ServiceNumberType.Toll)
            {
                user.ServiceNumber = null;
                dropped = true;
            }
            var kept = user.TollFreeServiceNumbers.Where(n => bridge.FindNumber(n)?.Type == ServiceNumberType.TollFree).ToList();
            dropped |= kept.Count != user.TollFreeServiceNumbers.Count;
            user.TollFreeServiceNumbers = kept;
            return dropped;
        }

        private static string RequireOnBridge(ConferencingBridge bridge, string number, ServiceNumberType type, string parameter)
        {
            var entry = bridge.FindNumber(number);
            if (entry == null || entry.Type != type)
                throw new MeetingMigrationException(ErrorIds.ServiceNumberNotOnBridge, ErrorKind.InvalidArgument,
                    $"{parameter} {number} is not a {TypeName(type)} number of the bridge {QuotedValue.Of(bridge.Name)}; nothing was changed.", number,
                    "Use a number the bridge lists (Get-CsOnlineDialInConferencingBridge), or register it first (Register-CsOnlineDialInConferencingServiceNumber).");
            return number;
        }

        private static ConferencingBridge Resolve(IReadOnlyList<ConferencingBridge> bridges, BridgeReference reference, bool changing = true)
        {
            // A bridge named both ways must be one bridge on every path (users, numbers, bridges), never settled by the
            // identity alone. Both naming the same bridge is taken: a row exported from Get-CsOnlineDialInConferencingUser
            // carries its BridgeId and BridgeName, and every such row was refused on import (outside probe AR).
            if (reference.Identity != null && !string.IsNullOrWhiteSpace(reference.Name))
            {
                var byIdentity = bridges.FirstOrDefault(b => b.Identity == reference.Identity);
                if (byIdentity != null && ConferencingBridge.SameName(byIdentity.Name, reference.Name!)) return byIdentity;
                throw new MeetingMigrationException(ErrorIds.ConflictingParameters, ErrorKind.InvalidArgument,
                    $"BridgeId {reference.Identity:D} and BridgeName {QuotedValue.Of(reference.Name)} do not name the same bridge{(changing ? "; nothing was changed" : "")}.",
                    reference.Name, "Give one of them, or both of the same bridge (Get-CsOnlineDialInConferencingBridge lists each bridge's Identity and Name).");
            }
            var found = reference.Identity != null
                ? bridges.FirstOrDefault(b => b.Identity == reference.Identity)
                : bridges.FirstOrDefault(b => reference.Name != null && ConferencingBridge.SameName(b.Name, reference.Name));
            return found ?? throw new MeetingMigrationException(ErrorIds.BridgeNotFound, ErrorKind.ObjectNotFound,
                reference.IsEmpty
                    ? $"No bridge was named{(changing ? "; nothing was changed" : "")}."
                    : $"No bridge {QuotedValue.Of(reference.ToString())} exists{(changing ? "; nothing was changed" : "")}.", reference.ToString(),
                "Get-CsOnlineDialInConferencingBridge lists the bridges; New-CsOnlineDialInConferencingBridge creates one.");
        }

        /// <summary>A random conference ID no one in the tenant holds, never the old one: as long as the old one, within 7 to 9 digits.</summary>
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
                    $"-ConferenceId {QuotedValue.Of(update.ConferenceId)} and -ResetConferenceId cannot be used together; nothing was changed.", update.ConferenceId,
                    "Give a conference ID, or ask for a new one with -ResetConferenceId, not both.");
            if (update.ConferenceId != null && (update.ConferenceId.Length < 4 || update.ConferenceId.Length > 20 || !update.ConferenceId.All(c => c >= '0' && c <= '9')))
                throw new MeetingMigrationException(ErrorIds.InvalidConferenceId, ErrorKind.InvalidArgument,
                    $"Conference ID {QuotedValue.Of(update.ConferenceId)} is not 4 to 20 digits; nothing was changed.", update.ConferenceId,
                    "Give digits only, such as 4715832.");
            // Numbers in their form too, so -WhatIf refuses a malformed one (an outside probe's '-ServiceNumber abc -WhatIf'
            // showed the change); whether a bridge lists it is known only inside the change.
            if (!string.IsNullOrEmpty(update.ServiceNumber)) PhoneNumber.Normalize(update.ServiceNumber!, "ServiceNumber");
            if (!string.IsNullOrEmpty(update.TollFreeServiceNumber)) PhoneNumber.Normalize(update.TollFreeServiceNumber!, "TollFreeServiceNumber");
            CheckBridgeReference(update.Bridge);
            CheckUrl("JoinUrl", update.JoinUrl);
            CheckUrl("DialInUrl", update.DialInUrl);
        }

        private static void CheckBridgeReference(BridgeReference bridge)
        {
            // A blank name names no bridge: Set changed nothing and said nothing, Get listed every user (an outside probe).
            if (bridge.Name != null && string.IsNullOrWhiteSpace(bridge.Name))
                throw new MeetingMigrationException(ErrorIds.BridgeNotFound, ErrorKind.ObjectNotFound,
                    $"-BridgeName {QuotedValue.Of(bridge.Name)} names no bridge; nothing was done.", bridge.Name,
                    "Give a bridge's name (Get-CsOnlineDialInConferencingBridge lists them), or leave -BridgeName out.");
            // Both given: whether they name the same bridge is known only with the bridges at hand (Resolve).
        }

        /// <summary>
        /// A link mailed in every block of the organizer's meetings: an absolute https URL of printable ASCII (anything else
        /// percent-encoded, as meeting services write their links), with no user name or password, of at most 2,048
        /// characters, as links carried over from a block are held to (TeamsExtrasReader). Uri.TryCreate alone took line
        /// breaks, tabs, spaces, direction marks and "user:pass@", which a migration then mailed to every attendee, the HTML
        /// and text bodies each spelling the link their own way (outside probe L); a rule of invisible characters instead of
        /// printable ASCII missed tag characters, variation selectors and Hangul fillers (outside probe M).
        /// </summary>
        private static void CheckUrl(string name, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            const string Example = "such as https://meet.contoso.com/ashaw/K7L2P9QZ";
            if (value!.Length > Blocks.TeamsExtrasReader.MaxUrlLength)
                throw InvalidLink(name, value, $"Give a link of at most {Blocks.TeamsExtrasReader.MaxUrlLength} characters ({value.Length} given), {Example}.");
            var odd = -1;
            for (var i = 0; i < value.Length && odd < 0; i++)
                if (value[i] <= ' ' || value[i] >= '\u007F') odd = i;
            if (odd >= 0)
                throw InvalidLink(name, value, $"Give the link in printable ASCII, without white space, control or invisible characters (U+{Blocks.RenderValues.CodePointAt(value, odd):X4} at position {odd + 1}): " +
                                               (AsciiHostOf(value, odd) is string ascii
                                                   ? $"give its host in the ASCII form DNS knows it by ({ascii}), and percent-encode anything else in the path, {Example}."
                                                   : $"percent-encode anything else, as meeting services write their links (zoë as zo%C3%AB), {Example}."));
            // A backslash is read as a slash by URL parsers: https:\\meet.contoso.com@evil.example/ opens evil.example, and
            // hid the '@' from the rule below (outside probe N, 42 such links mailed).
            if (value.IndexOf('\\') >= 0)
                throw InvalidLink(name, value, $"Give the link with slashes, not backslashes (%5C where one belongs in it), {Example}.");
            if (!value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                throw InvalidLink(name, value, $"Give an absolute https URL, {Example}.");
            if (Auth.EndpointUserInfo.IsIn(value))
                throw InvalidLink(name, value, $"Give the link without a user name or password (nothing before an '@' in its host part), {Example}.");
        }

        /// <summary>
        /// The ASCII form (xn--…) of a link's host name when the character at <paramref name="odd"/> is a letter of it, else
        /// null: percent-encoding, the advice for a path, does not make a host name with letters other than ASCII (bücher.example)
        /// one that resolves, its punycode form does.
        /// </summary>
        private static string? AsciiHostOf(string link, int odd)
        {
            const string Scheme = "https://";
            if (!link.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return null;
            var end = link.IndexOfAny(new[] { '/', '?', '#', '\\' }, Scheme.Length);
            if (end < 0) end = link.Length;
            if (odd < Scheme.Length || odd >= end) return null;
            var host = link.Substring(Scheme.Length, end - Scheme.Length);
            var port = host.LastIndexOf(':');
            if (port >= 0) host = host.Substring(0, port);
            if (host.IndexOf('@') >= 0) return null;
            // Only letters, marks and digits beyond ASCII: IDNA drops some invisible characters silently, and advice that did
            // so would offer another host than the one given.
            for (var i = 0; i < host.Length; i += char.IsSurrogatePair(host, i) ? 2 : 1)
                if (host[i] <= ' ' || host[i] >= '\u007F' && CharUnicodeInfo.GetUnicodeCategory(host, i) is not
                        (UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
                         UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or
                         UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
                    return null;
            try { return new IdnMapping().GetAscii(host); }
            catch (ArgumentException) { return null; }
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
                    $"{QuotedValue.Of(user.Original)} is an object id; audio conferencing is kept by the user's address.", user.Original,
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

        /// <summary><see cref="Invalid"/> for a link: quoted in printable ASCII (<see cref="QuotedValue.OfAscii"/>); the target keeps the value as given.</summary>
        private static MeetingMigrationException InvalidLink(string property, string value, string what) =>
            new MeetingMigrationException(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument, $"{property} cannot be {QuotedValue.OfAscii(value)}. {what}", value, what);

        private static MeetingMigrationException Invalid(string property, object? value, string what) =>
            new MeetingMigrationException(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument, $"{property} cannot be {QuotedValue.Of(value)}. {what}", value, what);
    }
}
