using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Copies values onto a settings object by property name: the Set-* cmdlets' bound parameters, or the properties of an
    /// -Instance object (as Get-* returned it, possibly edited, or deserialized from a remote session). Conversion follows
    /// PowerShell's own rules, so "ToneOnly", 8 and "8" all work where they would on the command line.
    /// </summary>
    internal static class SettingsApplier
    {
        public static void ApplyParameters(object settings, IDictionary<string, object?> boundParameters, IEnumerable<string> settable)
        {
            foreach (var name in settable)
            {
                if (boundParameters.TryGetValue(name, out var value)) Set(settings, name, value);
            }
        }

        public static void ApplyInstance(object settings, PSObject instance, IEnumerable<string> settable)
        {
            foreach (var name in settable.Concat(new[] { "Identity" }))
            {
                var property = instance.Properties[name];
                if (property == null) continue;
                Set(settings, name, property.Value);
            }
        }

        private static void Set(object settings, string name, object? value)
        {
            var property = settings.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{settings.GetType().Name} has no property {name}.");
            object? converted;
            try
            {
                var raw = value is PSObject wrapped ? wrapped.BaseObject : value;
                if (property.PropertyType == typeof(List<string>))
                {
                    converted = raw == null ? new List<string>() : ToStrings(raw);
                }
                else
                {
                    converted = LanguagePrimitives.ConvertTo(raw, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (PSInvalidCastException e)
            {
                throw new MeetingMigrationException(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                    $"{name} cannot be '{value}': {e.Message}", value, $"Give {name} a value of type {property.PropertyType.Name}.", e);
            }
            property.SetValue(settings, converted);
        }

        private static List<string> ToStrings(object raw)
        {
            if (raw is string single) return new List<string> { single };
            if (raw is IEnumerable items)
            {
                return items.Cast<object?>()
                    .Select(item => item is PSObject p ? p.BaseObject : item)
                    .Select(item => item?.ToString() ?? "")
                    .ToList();
            }
            return new List<string> { raw.ToString() ?? "" };
        }
    }
}
