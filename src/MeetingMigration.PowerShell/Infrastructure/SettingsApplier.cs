using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using MeetingMigration.Engine.Errors;
using EngineError = MeetingMigration.Engine.Errors.MeetingMigrationException;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// The values a Set-* settings cmdlet changes: its bound parameters, or the properties of an -Instance object (as Get-*
    /// returned it, possibly edited, deserialized from a remote session or Export-Clixml, or read back with Import-Csv).
    /// Every value is converted and checked before anything is written; the store then applies exactly these values in
    /// one transaction, so a concurrent Set of another value is never undone.
    /// </summary>
    internal static class SettingsApplier
    {
        /// <summary>Properties a settings row carries that are no setting: its Identity, and what PowerShell remoting adds.</summary>
        private static readonly string[] RowExtras = { "Identity", "PSComputerName", "RunspaceId", "PSShowComputerName" };

        public static Dictionary<string, object?> FromParameters(Type settingsType, IDictionary<string, object?> boundParameters, IEnumerable<string> settable)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var name in settable)
                if (boundParameters.TryGetValue(name, out var value)) values[name] = Convert(settingsType, name, value);
            return values;
        }

        /// <summary>
        /// The settable values of an -Instance object. Anything that is not a settings object (a string, a number, a
        /// hashtable, an object with none of the settings' properties) is refused, and so is an instance of another identity
        /// than the tenant's one ('Global'), unless <paramref name="identityIsTheCallers"/> (an object of many, a bridge: the
        /// caller finds it by its Identity). Columns Export-Csv could not write (lists) are left out and named in
        /// <paramref name="notRestorable"/>.
        /// </summary>
        public static Dictionary<string, object?> FromInstance(Type settingsType, PSObject instance, IEnumerable<string> settable, string noun,
            List<string> notRestorable, bool identityIsTheCallers = false, List<string>? unknown = null)
        {
            var baseObject = instance.BaseObject;
            var present = settable.Where(name => instance.Properties[name] != null).ToList();
            if (baseObject is string || baseObject is IDictionary || baseObject is ValueType || (baseObject is IEnumerable && !(baseObject is PSCustomObject))
                || present.Count == 0)
            {
                // A row of none of the settings says which columns it has: a misspelt header read as "not a PSCustomObject".
                var what = baseObject is PSCustomObject && instance.Properties.Any()
                    ? $"an object with none of its settings (its properties: {string.Join(", ", instance.Properties.Take(10).Select(p => QuotedValue.Of(p.Name)))})"
                    : Describe(baseObject);
                throw new EngineError(ErrorIds.InvalidInstance, ErrorKind.InvalidArgument,
                    $"-Instance must be {noun} (as Get-* returns it), not {what}; nothing was changed.", baseObject,
                    "Pass the object Get-* returned (edited or not), or one read back with Import-Clixml or Import-Csv; or set values with the named parameters.");
            }
            if (!identityIsTheCallers)
            {
                var identity = instance.Properties["Identity"]?.Value;
                var identityText = identity is PSObject wrapped ? wrapped.BaseObject?.ToString() : identity?.ToString();
                if (!ConfigurationIdentity.IsGlobal(identityText)) throw ConfigurationIdentity.NotFound(identityText, noun);
            }

            // A row (CSV, JSON, Select-Object) may name a column the settings do not have: a misspelt header, whose edit was
            // dropped without a word while the row's other columns were written (outside probe AR). Named for a warning.
            if (unknown != null && baseObject is PSCustomObject)
            {
                var known = new HashSet<string>(settingsType.GetProperties().Select(p => p.Name).Concat(RowExtras), StringComparer.OrdinalIgnoreCase);
                foreach (var property in instance.Properties)
                    if (!known.Contains(property.Name) && !unknown.Contains(property.Name)) unknown.Add(property.Name);
            }

            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var name in present)
            {
                var raw = Unwrap(instance.Properties[name].Value);
                if (raw is string text && Engine.Model.ExportedListText.IsTypeName(text))
                {
                    notRestorable.Add(name);
                    continue;
                }
                // The property's value as it came (a PSObject keeps a custom object's properties, which unwrapping loses).
                values[name] = Convert(settingsType, name, instance.Properties[name].Value);
            }
            return values;
        }

        /// <summary>Sets the values on the settings object read inside the store's write transaction.</summary>
        public static void Apply(object settings, IReadOnlyDictionary<string, object?> values)
        {
            foreach (var pair in values) Property(settings.GetType(), pair.Key).SetValue(settings, pair.Value is List<string> list ? new List<string>(list) : pair.Value);
        }

        /// <summary>The warning for an -Instance row's columns that name no setting.</summary>
        public static string NotRead(IReadOnlyList<string> columns, string getCommand) =>
            $"Not read from the object (no such setting): {string.Join(", ", columns.Select(c => QuotedValue.Of(c)))}. Check the names against {getCommand} | Get-Member if they hold values to set.";

        public static string Describe(IReadOnlyDictionary<string, object?> values) =>
            string.Join(", ", values.Select(pair => $"{pair.Key} = {Text(pair.Value)}"));

        private static object? Convert(Type settingsType, string name, object? value)
        {
            var type = Property(settingsType, name).PropertyType;
            var raw = Unwrap(value);
            try
            {
                // An empty cell (Import-Csv, a Microsoft export of an empty list) is no names, as $null is (outside probe).
                // Items as -AllowedDialOutExternalDomains takes them (a name, or an object of a Domain), from the value as it came.
                if (type == typeof(List<string>)) return raw == null || raw is string { Length: 0 } ? new List<string>() : DomainListValue.Names(value);
                // $null stays $null, and empty or blank text is $null too (no sender address, no display name): PowerShell's
                // conversion made $null "", which Get showed as $null, so an unedited Get object piped back counted as edited
                // and wrote "" over another session's value, and '   ' was stored as a display name (outside probes).
                if (type == typeof(string) && (raw == null || raw is string { } text && text.Trim().Length == 0)) return null;
                // Text settings refuse what the parameters refuse (PlainText): through -Instance a hashtable was stored as
                // "System.Collections.Hashtable", and an object emptied the display name (outside probe BF-F1).
                if (type == typeof(string) && PlainTextAttribute.ObjectKind(raw) is string kind)
                    throw new EngineError(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                        $"{name} cannot be {PlainTextAttribute.AsText(value)}, {kind} made text: give the text itself. Nothing was changed.", raw,
                        $"Give {name} as text, or leave the property out of the object to keep the stored value.");
                // A Get object's text property made the object text when it was assigned ($settings.SendEmailFromDisplayName = @{...}).
                if (type == typeof(string) && raw is string whole && PlainTextAttribute.IsObjectText(whole))
                    throw new EngineError(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                        $"{name} cannot be {QuotedValue.Of(whole)}: that is the text PowerShell makes of a whole object, not a value of it. Nothing was changed.", raw,
                        $"Give {name} as text, or leave the property out of the object to keep the stored value.");
                if (type == typeof(bool)) return ToBool(name, raw);
                // The cmdlets' parameters and Get's output carry the module's public enums; the settings object holds the
                // engine's namesakes. By name, as a value read back from a CSV is, never by number.
                if (type.IsEnum && raw is Enum named && named.GetType() != type) raw = named.ToString();
                // ConvertTo-Json writes a TimeSpan as an object of its fields, which ConvertFrom-Json reads back as one: its
                // Ticks say it exactly (found by an outside probe: the JSON round trip of a configuration was refused).
                if (type == typeof(TimeSpan) && raw is PSCustomObject && value is PSObject fields && fields.Properties["Ticks"]?.Value is { } ticks)
                    return TimeSpan.FromTicks(System.Convert.ToInt64(Unwrap(ticks), CultureInfo.InvariantCulture));
                // Whole numbers and time spans strictly: PowerShell reads a blank CSV cell as 0 and a number as ticks.
                if (StrictValues.Handles(type))
                {
                    if (StrictValues.TryRead(raw, type, out var read, out var problem)) return read;
                    throw new EngineError(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument, $"{name} {problem}. Nothing was changed.", raw,
                        $"Give {name} a value of type {type.Name}, or leave the property out of the object to keep the stored value.");
                }
                return LanguagePrimitives.ConvertTo(raw, type, CultureInfo.InvariantCulture);
            }
            catch (PSInvalidCastException e)
            {
                // An object quotes as its type's text ('' for a PSCustomObject): say what it is instead.
                var shown = raw is string || raw is ValueType ? QuotedValue.Of(raw) : Describe(raw);
                // An enumeration's names, as the parameter's own binder error lists them (a CSV cell got only the type's name).
                if (type.IsEnum)
                {
                    var names = Enum.GetNames(type);
                    var offered = $"{string.Join(", ", names.Take(names.Length - 1))} or {names.Last()}";
                    throw new EngineError(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                        $"{name} cannot be {shown}: give {offered}. Nothing was changed.", raw, $"Give {name} one of its names: {offered}.", e);
                }
                throw new EngineError(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                    $"{name} cannot be {shown}: it is not of type {type.Name}.", raw, $"Give {name} a value of type {type.Name}.", e);
            }
        }

        /// <summary>
        /// PowerShell's rule for Boolean parameters, not for casts: $true/$false, numbers (0 is false), and the words True
        /// and False (what Export-Csv writes). A cast would make any non-empty text true, so 'False' from a CSV turned
        /// migration on; anything else is refused.
        /// </summary>
        private static bool ToBool(string name, object? raw)
        {
            switch (raw)
            {
                case bool b: return b;
                case SwitchParameter s: return s.IsPresent;
                case string text when StrictValues.TryBooleanText(text, out var parsed): return parsed;
                case null: break;
                default:
                    if (raw.GetType().IsPrimitive || raw is decimal) return System.Convert.ToDouble(raw, CultureInfo.InvariantCulture) != 0;
                    break;
            }
            throw new EngineError(ErrorIds.InvalidSettingValue, ErrorKind.InvalidArgument,
                $"{name} cannot be {QuotedValue.Of(raw)}: give $true or $false (True, False, 1 or 0 from a file).", raw,
                $"Give {name} as $true or $false.");
        }

        internal static PropertyInfo Property(Type settingsType, string name) =>
            settingsType.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{settingsType.Name} has no property {name}.");

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static string Describe(object? value) =>
            value == null ? "$null" : value is string s ? $"the text {QuotedValue.Of(s)}" : $"an object of type {value.GetType().Name}";

        internal static string Text(object? value) =>
            value is IEnumerable items && !(value is string) ? "{" + string.Join(", ", items.Cast<object>()) + "}" : value?.ToString() ?? "";
    }
}
