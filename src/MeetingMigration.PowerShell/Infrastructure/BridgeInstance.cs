using System;
using System.Collections.Generic;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;
using EngineBridge = MeetingMigration.Engine.Conferencing.ConferencingBridge;
using EngineError = MeetingMigration.Engine.Errors.MeetingMigrationException;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Set-CsOnlineDialInConferencingBridge -Instance: a bridge as Get-CsOnlineDialInConferencingBridge returned it, edited
    /// (Microsoft's example renames one this way), or read back with Import-Clixml or Import-Csv. Its Name, default numbers
    /// and IsDefault are what the bridge is to be; each is compared with the stored bridge, and only what differs changes.
    /// What this cmdlet cannot set (the region, no default number, no longer the default bridge) is refused, never ignored.
    /// </summary>
    internal sealed class BridgeInstance
    {
        private static readonly string[] Settable =
        {
            nameof(Output.ConferencingBridge.Name), nameof(Output.ConferencingBridge.DefaultServiceNumber),
            nameof(Output.ConferencingBridge.DefaultTollFreeServiceNumber), nameof(Output.ConferencingBridge.IsDefault),
            nameof(Output.ConferencingBridge.Region),
        };

        private readonly Dictionary<string, object?> _values;

        private BridgeInstance(Guid identity, Dictionary<string, object?> values)
        {
            Identity = identity;
            _values = values;
        }

        /// <summary>The bridge the instance is: its Identity property.</summary>
        public Guid Identity { get; }

        /// <summary>Reads the instance; InvalidInstance for anything that is not a bridge with an Identity GUID.</summary>
        public static BridgeInstance Read(PSObject instance, List<string> notRestorable)
        {
            var values = SettingsApplier.FromInstance(typeof(Output.ConferencingBridge), instance, Settable, "an audio conferencing bridge",
                notRestorable, identityIsTheCallers: true);
            var raw = instance.Properties["Identity"]?.Value;
            if (raw is PSObject wrapped) raw = wrapped.BaseObject;
            // A Guid, or its text (Import-Csv, Import-Clixml of an older session).
            if (raw is Guid guid || Guid.TryParse(raw?.ToString()?.Trim(), out guid)) return new BridgeInstance(guid, values);
            throw new EngineError(ErrorIds.InvalidInstance, ErrorKind.InvalidArgument,
                $"-Instance must be an audio conferencing bridge with its Identity (a GUID), not one whose Identity is {QuotedValue.Of(raw)}; nothing was changed.", raw,
                "Pass the bridge Get-CsOnlineDialInConferencingBridge returned (edited or not), or name the bridge with -Identity or -Name.");
        }

        /// <summary>The name the instance gives, when it differs from the stored one (a change of case too).</summary>
        public string? NewName(EngineBridge stored) =>
            _values.TryGetValue(nameof(Output.ConferencingBridge.Name), out var name) && !string.Equals((string?)name, stored.Name, StringComparison.Ordinal)
                ? (string?)name ?? ""
                : null;

        public string? NewDefaultServiceNumber(EngineBridge stored) =>
            NewNumber(nameof(Output.ConferencingBridge.DefaultServiceNumber), stored.DefaultServiceNumber);

        public string? NewDefaultTollFreeServiceNumber(EngineBridge stored) =>
            NewNumber(nameof(Output.ConferencingBridge.DefaultTollFreeServiceNumber), stored.DefaultTollFreeServiceNumber);

        /// <summary>True when the instance makes a bridge that is not the default the tenant's default.</summary>
        public bool SetsDefault(EngineBridge stored)
        {
            if (!_values.TryGetValue(nameof(Output.ConferencingBridge.IsDefault), out var value) || (bool)value! == stored.IsDefault) return false;
            if ((bool)value!) return true;
            throw Unsettable("IsDefault", false, $"{QuotedValue.Of(stored.Name)} is the tenant's default bridge, and a bridge stops being the default only when another one becomes it.",
                "Run Set-CsOnlineDialInConferencingBridge -SetDefault on the bridge that is to be the default.");
        }

        /// <summary>The region is given when a bridge is created; an instance that changes it is refused.</summary>
        public void CheckRegion(EngineBridge stored)
        {
            if (!_values.TryGetValue(nameof(Output.ConferencingBridge.Region), out var value)) return;
            var region = string.IsNullOrWhiteSpace((string?)value) ? null : ((string)value!).Trim();
            if (!string.Equals(region, stored.Region, StringComparison.Ordinal))
                throw Unsettable("Region", value, $"the region of {QuotedValue.Of(stored.Name)} is {QuotedValue.Of(stored.Region ?? "")}, set when the bridge was created.",
                    "Leave Region as Get-CsOnlineDialInConferencingBridge returned it.");
        }

        /// <summary>
        /// A number to make the default, when it differs from the stored one (compared as numbers: "+1 425…" and "1425…" are
        /// one). An instance without one, where the bridge has one, is refused: a default number is removed with its number.
        /// </summary>
        private string? NewNumber(string name, string? stored)
        {
            if (!_values.TryGetValue(name, out var value)) return null;
            var number = ((string?)value)?.Trim();
            if (string.IsNullOrEmpty(number))
            {
                if (stored == null) return null;
                throw Unsettable(name, value, $"the bridge's {name} is {stored}, and a default number is not removed on its own.",
                    "Unregister-CsOnlineDialInConferencingServiceNumber -RemoveDefaultServiceNumber removes the number and its use as the default; or give another number of the bridge.");
            }
            return stored != null && SameNumber(number!, stored) ? null : number;
        }

        // Not a number at all is not the same: the engine's check then names it.
        private static bool SameNumber(string given, string stored) =>
            Engine.Conferencing.PhoneNumber.TryNormalize(given, out var normalized) && normalized == stored;

        private static EngineError Unsettable(string property, object? value, string why, string action) =>
            new EngineError(ErrorIds.InvalidInstance, ErrorKind.InvalidArgument,
                $"-Instance cannot set {property} to {QuotedValue.Of(value)}: {why} Nothing was changed.", value, action);
    }
}
