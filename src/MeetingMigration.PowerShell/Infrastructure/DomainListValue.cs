using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;
using EngineError = MeetingMigration.Engine.Errors.MeetingMigrationException;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// The value of -AllowedDialOutExternalDomains, an Object as in Microsoft's cmdlet: the list itself (one name, several,
    /// $null or "" for none), or a hashtable that edits the current list as Microsoft's multi-valued parameters do
    /// (@{Add=...}, @{Remove=...}, @{Replace=...}). Anything else is refused. A hashtable used to be made text,
    /// "System.Collections.Hashtable", which passed as a domain name and replaced the whole list (found by an outside probe).
    /// </summary>
    internal static class DomainListValue
    {
        private const string Parameter = "AllowedDialOutExternalDomains";

        public static List<string> Resolve(object? value, IReadOnlyList<string> current)
        {
            var bare = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (!(bare is IDictionary edit)) return Names(value); // wrapped: a PSCustomObject's Domain is on its PSObject

            var result = new List<string>(current);
            foreach (DictionaryEntry entry in edit)
            {
                var key = (entry.Key is PSObject k ? k.BaseObject : entry.Key)?.ToString() ?? "";
                var names = Names(entry.Value);
                if (key.Equals("Replace", StringComparison.OrdinalIgnoreCase)) result = names;
                else if (key.Equals("Add", StringComparison.OrdinalIgnoreCase))
                    result.AddRange(names.Where(n => !result.Contains(n, StringComparer.OrdinalIgnoreCase)));
                else if (key.Equals("Remove", StringComparison.OrdinalIgnoreCase))
                    result.RemoveAll(n => names.Contains(n, StringComparer.OrdinalIgnoreCase));
                else
                    throw new EngineError(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                        $"{Parameter} cannot be edited with {QuotedValue.Of(key)}; nothing was changed.", key,
                        "Give the domain names, or a hashtable with Add, Remove or Replace: @{Add='contoso.com'}.");
            }
            return result; // each domain once: the store keeps them so (DialInConferencingTenantSettings.KeepEachDomainOnce)
        }

        /// <summary>Domain names from one value or a list of them; $null and "" are none. Checked as names by the settings.</summary>
        internal static List<string> Names(object? value)
        {
            var bare = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (bare == null) return new List<string>();
            // One text may list several, separated by commas or semicolons (a CSV cell; no domain name holds either), as the
            // module's other list cells do: a cell could set only one domain (outside probe AR).
            if (bare is string text) return text.Trim().Length == 0 ? new List<string>() : ListFromTextAttribute.Items(text).ToList();
            if (bare is IEnumerable items && !(bare is IDictionary))
                return items.Cast<object?>().SelectMany(Names).ToList();
            // An object of a Domain (Microsoft's list holds such items, OnlineDialInConferencingAllowedDomain{Domain}; an outside
            // probe's [pscustomobject]@{Domain='z.com'} was refused as ''): its domain.
            if (!(bare is IDictionary) && PSObject.AsPSObject(value!).Properties["Domain"]?.Value is { } domain) return Names(domain);
            var shown = bare is PSCustomObject || bare.GetType().IsClass && bare.ToString() == bare.GetType().FullName
                ? $"a {bare.GetType().Name} without a Domain property"
                : $"{QuotedValue.Of(bare.ToString())} ({bare.GetType().Name})";
            throw new EngineError(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                $"{Parameter} cannot be {shown}; nothing was changed.", bare,
                "Give the domain names (contoso.com, fabrikam.com), or a hashtable with Add, Remove or Replace: @{Add='contoso.com'}.");
        }
    }
}
