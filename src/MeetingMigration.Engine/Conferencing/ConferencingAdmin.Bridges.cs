using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Triggers;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>
    /// Bridges and their service numbers. A number belongs to one bridge; a user shows their own numbers, or the bridge's
    /// defaults when they have none. Which users "show" a number is decided in one place (<see cref="UsersShowing"/>) for
    /// every change that has to find them.
    /// </summary>
    public sealed partial class ConferencingAdmin
    {
        private const int MaxBridgeText = 128;

        public Task<IReadOnlyList<ConferencingBridge>> GetBridgesAsync(CancellationToken cancellationToken) => _store.GetBridgesAsync(cancellationToken);

        /// <summary>One bridge by identity or name; BridgeNotFound when there is none.</summary>
        public async Task<ConferencingBridge> GetBridgeAsync(BridgeReference reference, CancellationToken cancellationToken)
        {
            var bridges = await _store.GetBridgesAsync(cancellationToken).ConfigureAwait(false);
            return Resolve(bridges, reference, changing: false);
        }

        /// <summary>Creates a bridge (names are unique, in any case); the first bridge becomes the tenant's default.</summary>
        public Task<ConferencingBridge> NewBridgeAsync(string name, string? region, CancellationToken cancellationToken)
        {
            CheckBridgeName(name, "Name");
            var cleanRegion = string.IsNullOrWhiteSpace(region) ? null : region!.Trim();
            if (cleanRegion != null && (cleanRegion.Length > MaxBridgeText || QuotedValue.IndexOfEscaped(cleanRegion) >= 0))
                throw Invalid("Region", region, $"Give a region of at most {MaxBridgeText} printable characters (no control, bidi or invisible characters).");
            return _store.EditConferencingAsync(edit =>
            {
                if (edit.FindBridge(name) != null)
                    throw new MeetingMigrationException(ErrorIds.BridgeExists, ErrorKind.InvalidOperation,
                        $"A bridge named {QuotedValue.Of(name.Trim())} exists already; nothing was created.", name,
                        "Choose another name, or change that bridge with Set-CsOnlineDialInConferencingBridge.");
                var bridge = new ConferencingBridge { Name = name.Trim(), Region = cleanRegion, IsDefault = edit.Bridges().Count == 0 };
                edit.Save(bridge);
                return bridge;
            }, cancellationToken);
        }

        /// <summary>
        /// Set-CsOnlineDialInConferencingBridge: renames it, changes its default numbers (numbers registered on it with the
        /// matching type), or makes it the tenant's default bridge. A new default does not change what existing users show,
        /// so nothing is queued (not a trigger, as in MMS): users who showed the old default keep it as their own number
        /// (they are in <see cref="ConferencingChange.Users"/>), and only users set up later get the new one.
        /// </summary>
        public Task<ConferencingChange> SetBridgeAsync(BridgeReference reference, string? newName, string? defaultServiceNumber,
            string? defaultTollFreeServiceNumber, bool setDefault, CancellationToken cancellationToken)
        {
            if (newName != null) CheckBridgeName(newName, "NewName");
            var toll = defaultServiceNumber == null ? null : PhoneNumber.Normalize(defaultServiceNumber, "DefaultServiceNumber");
            var tollFree = defaultTollFreeServiceNumber == null ? null : PhoneNumber.Normalize(defaultTollFreeServiceNumber, "DefaultTollFreeServiceNumber");
            return _store.EditConferencingAsync(edit =>
            {
                var change = new ConferencingChange();
                var bridges = edit.Bridges();
                var bridge = Resolve(bridges, reference).Clone();
                if (newName != null)
                {
                    var clash = edit.FindBridge(newName);
                    if (clash != null && clash.Identity != bridge.Identity)
                        throw new MeetingMigrationException(ErrorIds.BridgeExists, ErrorKind.InvalidOperation,
                            $"A bridge named {QuotedValue.Of(newName.Trim())} exists already; {QuotedValue.Of(bridge.Name)} was left unchanged.", newName, "Choose another name.");
                    bridge.Name = newName.Trim();
                }
                if (toll != null)
                {
                    RequireOnBridge(bridge, toll, ServiceNumberType.Toll, "DefaultServiceNumber");
                    if (bridge.DefaultServiceNumber != null && bridge.DefaultServiceNumber != toll)
                        KeepOldDefault(edit, bridge, ServiceNumberType.Toll, bridge.DefaultServiceNumber, change);
                    bridge.DefaultServiceNumber = toll;
                }
                if (tollFree != null)
                {
                    RequireOnBridge(bridge, tollFree, ServiceNumberType.TollFree, "DefaultTollFreeServiceNumber");
                    if (bridge.DefaultTollFreeServiceNumber != null && bridge.DefaultTollFreeServiceNumber != tollFree)
                        KeepOldDefault(edit, bridge, ServiceNumberType.TollFree, bridge.DefaultTollFreeServiceNumber, change);
                    bridge.DefaultTollFreeServiceNumber = tollFree;
                }
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
                change.Bridge = bridge;
                return change;
            }, cancellationToken);
        }

        /// <summary>Adds a service number to a bridge (a number belongs to one bridge); the bridge's first number of each type becomes its default.</summary>
        /// <param name="whatIf">Checks every rule and returns the bridge as it would be; nothing is kept.</param>
        public Task<ConferencingBridge> RegisterServiceNumberAsync(string number, BridgeReference reference, ServiceNumberType type, string? city,
            string? primaryLanguage, IReadOnlyList<string>? secondaryLanguages, CancellationToken cancellationToken, bool whatIf = false)
        {
            var normalized = PhoneNumber.Normalize(number, "Identity");
            // Shown by Get-CsOnlineDialInConferencingBridge, so checked as a bridge's own text is (found by the generated
            // bad-input proof's every-value run: control, bidi and 100,000-character values were stored).
            CheckNumberText(city, "City");
            CheckLanguage(primaryLanguage, "PrimaryLanguage");
            foreach (var language in secondaryLanguages ?? Array.Empty<string>()) CheckLanguage(language, "SecondaryLanguages");
            return EditAsync(edit =>
            {
                var bridges = edit.Bridges();
                var bridge = Resolve(bridges, reference).Clone();
                var holder = bridges.FirstOrDefault(b => b.FindNumber(normalized) != null);
                if (holder != null) throw NumberRegisteredAlready(normalized, holder.Name, number);
                bridge.ServiceNumbers.Add(new BridgeServiceNumber
                {
                    Number = normalized, Type = type, City = Clean(city), PrimaryLanguage = Clean(primaryLanguage), BridgeId = bridge.Identity,
                    SecondaryLanguages = (secondaryLanguages ?? Array.Empty<string>()).Select(Clean).Where(l => l != null).Select(l => l!)
                        .Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                });
                if (type == ServiceNumberType.Toll && bridge.DefaultServiceNumber == null) bridge.DefaultServiceNumber = normalized;
                if (type == ServiceNumberType.TollFree && bridge.DefaultTollFreeServiceNumber == null) bridge.DefaultTollFreeServiceNumber = normalized;
                edit.Save(bridge);
                return bridge;
            }, whatIf, cancellationToken);
        }

        /// <summary>
        /// Unregister-CsOnlineDialInConferencingServiceNumber: removes a number from its bridge. Every user who showed it (as
        /// their own number, or as the bridge's default) is queued (ServiceNumberUnassigned); their own copy of it is removed,
        /// so they show the bridge's default. A default number that users show is kept unless
        /// <paramref name="removeDefaultServiceNumber"/>; when it goes, the bridge's next number of that type becomes the
        /// default (as registering makes the first one the default).
        /// </summary>
        /// <param name="whatIf">Checks every rule and returns the change as it would be (the bridge, the users queued); nothing is kept.</param>
        public Task<ConferencingChange> UnregisterServiceNumberAsync(string number, BridgeReference? reference, bool removeDefaultServiceNumber,
            CancellationToken cancellationToken, bool whatIf = false)
        {
            var normalized = PhoneNumber.Normalize(number, "Identity");
            return EditAsync(edit =>
            {
                var change = new ConferencingChange();
                var bridges = edit.Bridges();
                var bridge = (reference == null || (reference.Identity == null && reference.Name == null)
                    ? bridges.FirstOrDefault(b => b.FindNumber(normalized) != null)
                    : Resolve(bridges, reference))?.Clone();
                var entry = bridge?.FindNumber(normalized);
                if (bridge == null || entry == null) throw NumberNotOnBridge(normalized, bridge?.Name, number);

                var isDefault = DefaultOf(bridge, entry.Type) == normalized;
                var listing = UsersShowing(edit, bridge, normalized, entry.Type, ownInAnyField: true);
                var inUse = listing.Count(u => Shows(u, entry.Type));
                if (isDefault && inUse > 0 && !removeDefaultServiceNumber)
                    throw new MeetingMigrationException(ErrorIds.DefaultServiceNumberInUse, ErrorKind.InvalidOperation,
                        $"{normalized} is the default {Describe(entry.Type)} number of the bridge {QuotedValue.Of(bridge.Name)} and {inUse} user(s) show it; nothing was changed.", number,
                        "Set another default first (Set-CsOnlineDialInConferencingBridge -DefaultServiceNumber or -DefaultTollFreeServiceNumber), or add -RemoveDefaultServiceNumber to remove it and queue those users.");

                bridge.ServiceNumbers.Remove(entry);
                if (isDefault)
                {
                    var next = bridge.ServiceNumbers.FirstOrDefault(n => n.Type == entry.Type)?.Number;
                    if (entry.Type == ServiceNumberType.Toll) bridge.DefaultServiceNumber = next;
                    else bridge.DefaultTollFreeServiceNumber = next;
                }
                edit.Save(bridge);
                change.Bridge = bridge;

                change.Triggers.Add(TriggerNames.ServiceNumberUnassigned);
                foreach (var user in listing)
                {
                    var holds = user.ServiceNumber == normalized || user.TollFreeServiceNumbers.Contains(normalized);
                    if (!holds && !Shows(user, entry.Type)) continue; // follows a default it does not show: nothing changes for them
                    var updated = user.Clone();
                    if (updated.ServiceNumber == normalized) updated.ServiceNumber = null;
                    updated.TollFreeServiceNumbers.Remove(normalized);
                    // A user on no bridge (their number imported or given on its own) would be left with no number at all:
                    // they join the bridge the number was on and show its default, as the help says (outside probe); their
                    // other numbers it does not list give way too (a second probe found one kept).
                    if (updated.BridgeId == null || edit.FindBridge(updated.BridgeId.Value) == null) JoinBridge(updated, bridge);
                    edit.Save(updated);
                    // Their own copy goes, but invitations that show no toll-free numbers do not change: not counted, not
                    // queued (outside probe AW-F9: they were, and their attendees got an update that changed nothing).
                    if (!Shows(user, entry.Type)) continue;
                    change.Users.Add(updated);
                    Queue(edit, updated, change, SourceMeetingType.All, TargetMeetingType.Current);
                    var ownLeft = entry.Type == ServiceNumberType.Toll ? updated.ServiceNumber != null : updated.TollFreeServiceNumbers.Count > 0;
                    if (!ownLeft && updated.BridgeId == bridge.Identity && DefaultOf(bridge, entry.Type) == null)
                    {
                        change.LeftWithoutNumber.Add(updated);
                        change.LeftWithoutNumberKind = Describe(entry.Type);
                    }
                }
                return change;
            }, whatIf, cancellationToken);
        }

        /// <summary>Register's refusal of a number a bridge has; also -WhatIf's for a number given twice in one pipeline.</summary>
        public static MeetingMigrationException NumberRegisteredAlready(string normalized, string bridgeName, string given) =>
            new MeetingMigrationException(ErrorIds.ServiceNumberInUse, ErrorKind.InvalidOperation,
                $"{normalized} is registered on the bridge {QuotedValue.Of(bridgeName)} already; nothing was changed.", given,
                "Unregister it there first (Unregister-CsOnlineDialInConferencingServiceNumber), or use another number.");

        /// <summary>
        /// Unregister's refusal of a number not on the bridge given (<paramref name="bridgeName"/>) or on none; also -WhatIf's
        /// for a number given twice in one pipeline.
        /// </summary>
        public static MeetingMigrationException NumberNotOnBridge(string normalized, string? bridgeName, string given) =>
            new MeetingMigrationException(ErrorIds.ServiceNumberNotOnBridge, ErrorKind.ObjectNotFound,
                $"{normalized} is not registered on {(bridgeName == null ? "any bridge" : $"the bridge {QuotedValue.Of(bridgeName)}")}; nothing was changed.", given,
                "Get-CsOnlineDialInConferencingBridge lists each bridge's ServiceNumbers.");

        /// <summary>
        /// Set-CsOnlineDialInConferencingUserDefaultNumber: every user who shows <paramref name="fromNumber"/> as their number of
        /// <paramref name="type"/> (their own, or the bridge's default) gets <paramref name="toNumber"/> as their own. Both
        /// numbers must be registered on the bridge with that type. With <paramref name="rescheduleMeetings"/> each is queued
        /// (DefaultNumberReplaced), as Microsoft's -RescheduleMeetings does; without it their invitations keep the old number.
        /// </summary>
        public Task<ConferencingChange> ReplaceUserDefaultNumberAsync(string fromNumber, string toNumber, ServiceNumberType type, BridgeReference reference,
            bool rescheduleMeetings, CancellationToken cancellationToken)
        {
            var from = PhoneNumber.Normalize(fromNumber, "FromNumber");
            var to = PhoneNumber.Normalize(toNumber, "ToNumber");
            if (from == to)
                throw new MeetingMigrationException(ErrorIds.ConflictingParameters, ErrorKind.InvalidArgument,
                    $"-FromNumber and -ToNumber are the same number ({from}); nothing was changed.", toNumber,
                    "Give as -ToNumber the number the users should get instead of -FromNumber.");
            return _store.EditConferencingAsync(edit =>
            {
                var change = new ConferencingChange();
                var bridge = Resolve(edit.Bridges(), reference);
                RequireOnBridge(bridge, from, type, "FromNumber");
                RequireOnBridge(bridge, to, type, "ToNumber");
                var users = UsersShowing(edit, bridge, from, type, ownInAnyField: false);
                if (rescheduleMeetings && users.Count > 0) change.Triggers.Add(TriggerNames.DefaultNumberReplaced);
                foreach (var user in users)
                {
                    var updated = user.Clone();
                    if (type == ServiceNumberType.Toll) updated.ServiceNumber = to;
                    else updated.TollFreeServiceNumbers = updated.TollFreeServiceNumbers.Count == 0
                        ? new List<string> { to }
                        : updated.TollFreeServiceNumbers.Select(n => n == from ? to : n).Distinct().ToList();
                    edit.Save(updated);
                    change.Users.Add(updated);
                    if (rescheduleMeetings && Shows(updated, type)) Queue(edit, updated, change, SourceMeetingType.All, TargetMeetingType.Current);
                }
                change.Bridge = bridge;
                return change;
            }, cancellationToken);
        }

        /// <summary>
        /// The users whose invitations show <paramref name="number"/> of <paramref name="bridge"/>: those whose own number of
        /// <paramref name="type"/> it is (or, with <paramref name="ownInAnyField"/>, who list it anywhere), and, when it is the
        /// bridge's default of that type, those on the bridge with no number of that type. Own numbers count for users on
        /// the bridge and for users on no bridge (an imported Skype for Business profile showing the number); users on
        /// another bridge cannot hold it. Each user once, by address.
        /// </summary>
        private static List<DialInUser> UsersShowing(IConferencingEdit edit, ConferencingBridge bridge, string number, ServiceNumberType type, bool ownInAnyField)
        {
            var users = edit.UsersWithNumber(number)
                .Where(u => u.BridgeId == null || u.BridgeId == bridge.Identity)
                .Where(u => ownInAnyField || (type == ServiceNumberType.Toll ? u.ServiceNumber == number : u.TollFreeServiceNumbers.Contains(number)))
                .ToList();
            if (DefaultOf(bridge, type) == number) users.AddRange(edit.UsersOnBridgeDefault(bridge.Identity, type));
            return users.GroupBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
        }

        /// <summary>
        /// The user is on <paramref name="bridge"/>, has no number of their own of the type <paramref name="number"/> is its default
        /// of, and so shows it (the store's UsersOnBridgeDefault, read in memory).
        /// </summary>
        private static bool FollowsDefault(DialInUser user, ConferencingBridge bridge, string number) =>
            user.BridgeId == bridge.Identity
            && ((bridge.DefaultServiceNumber == number && user.ServiceNumber == null)
                || (bridge.DefaultTollFreeServiceNumber == number && user.TollFreeServiceNumbers.Count == 0));

        /// <summary>Users on the bridge's old default get it as their own number, so a new default changes nothing they show.</summary>
        private static void KeepOldDefault(IConferencingEdit edit, ConferencingBridge bridge, ServiceNumberType type, string oldDefault, ConferencingChange change)
        {
            foreach (var user in edit.UsersOnBridgeDefault(bridge.Identity, type))
            {
                var updated = user.Clone();
                if (type == ServiceNumberType.Toll) updated.ServiceNumber = oldDefault;
                else updated.TollFreeServiceNumbers = new List<string> { oldDefault };
                edit.Save(updated);
                // A user pinned to both old defaults is one user, listed as last saved.
                change.Users.RemoveAll(u => string.Equals(u.UserPrincipalName, updated.UserPrincipalName, StringComparison.OrdinalIgnoreCase));
                change.Users.Add(updated);
            }
        }

        /// <summary>
        /// The user's invitations show their numbers of <paramref name="type"/>: a disabled user's show none (outside probe
        /// AY-F5: they were counted and queued); toll numbers otherwise always, toll-free ones unless
        /// Set-CsOnlineDialInConferencingUser -AllowTollFreeDialIn $false turned them off.
        /// </summary>
        public static bool Shows(DialInUser user, ServiceNumberType type) => user.Enabled && (type == ServiceNumberType.Toll || user.AllowTollFreeDialIn);

        private static string? DefaultOf(ConferencingBridge bridge, ServiceNumberType type) =>
            type == ServiceNumberType.Toll ? bridge.DefaultServiceNumber : bridge.DefaultTollFreeServiceNumber;

        private static string Describe(ServiceNumberType type) => type == ServiceNumberType.Toll ? "toll" : "toll-free";

        /// <summary>Set-CsOnlineDialInConferencingBridge's -NewName, checked before -WhatIf (it previewed a rename to '' the run refused).</summary>
        public static void CheckNewBridgeName(string name) => CheckBridgeName(name, "NewName");

        private static void CheckBridgeName(string? name, string parameter)
        {
            if (string.IsNullOrWhiteSpace(name) || name!.Trim().Length > MaxBridgeText || QuotedValue.IndexOfEscaped(name) >= 0)
                throw Invalid(parameter, name, $"Give the bridge a name of 1 to {MaxBridgeText} printable characters (no control, bidi or invisible characters).");
        }

        private static void CheckNumberText(string? text, string parameter)
        {
            var clean = Clean(text);
            if (clean != null && (clean.Length > MaxBridgeText || QuotedValue.IndexOfEscaped(clean) >= 0))
                throw Invalid(parameter, text, $"Give at most {MaxBridgeText} printable characters (no control, bidi or invisible characters).");
        }

        /// <summary>A language tag as Microsoft's bridges show them (en-US, fr-FR, zh-Hans-CN): letters, digits and hyphens.</summary>
        private static void CheckLanguage(string? text, string parameter)
        {
            var clean = Clean(text);
            if (clean != null && !System.Text.RegularExpressions.Regex.IsMatch(clean, @"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}\z"))
                throw Invalid(parameter, text, "Give a language tag such as en-US or fr-FR.");
        }

        private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }
}
