using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// A free-text parameter (a bridge's name or region, a city, a display name) takes text, and whatever PowerShell writes
    /// as the text it means (numbers, names, an e-mail address object); an object whose text is only its type's name or a
    /// dump of its fields is refused with what it was. It was stored: a bridge named "System.Collections.Hashtable"
    /// (outside probe BD-F7). Identities refuse the same input in their own words (UserIdentity); -Instance's text
    /// settings by <see cref="ObjectKind"/> (SettingsApplier).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class PlainTextAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            // A one-element array is its element, as the binder takes it for -Name but refused it for -Region (BF-F2).
            var value = OneValueAttribute.Single(inputData);
            if (!(ObjectKind(value) is string kind)) return value;
            throw new ArgumentTransformationMetadataException(
                $"{AsText(inputData)} is {kind} made text, not a text value: give the text itself (for a piped object, one of its properties, such as $_.Name). Nothing was done for this input.");
        }

        /// <summary>
        /// "a Hashtable", "an object"... for a value whose text would not be what anyone meant; null for text and values
        /// that are text in PowerShell's sense. A one-element array is judged by its element (several are refused before,
        /// by <see cref="OneValueAttribute"/>).
        /// </summary>
        public static string? ObjectKind(object? value)
        {
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (value is IList { Count: 1 } single && !(value is string)) value = single[0] is PSObject inner ? inner.BaseObject : single[0];
            switch (value)
            {
                case PSCustomObject _: return "an object";
                case IDictionary _:
                case FileSystemInfo _:
                case DateTime _:
                case DateTimeOffset _:
                case ScriptBlock _:
                    // DateTime's text depends on the culture and names nothing; a folder's is its path.
                    return $"a {value.GetType().Name}";
                default:
                    return null;
            }
        }

        /// <summary>
        /// Whether text is what PowerShell made of a whole object: "@{Name=value; …}", or the full name of a .NET type this
        /// process has loaded ("System.Collections.Hashtable"). Only those: a display name such as "Microsoft.Teams" or
        /// "@{Contoso}" is text an admin may mean (outside probe BI-F2: a looser pattern refused them).
        /// </summary>
        public static bool IsObjectText(string text)
        {
            var t = text.Trim();
            if (t.StartsWith("@{", StringComparison.Ordinal) && t.EndsWith("}", StringComparison.Ordinal) && t.Contains("=")) return true;
            if (t.Length == 0 || t.IndexOf(' ') >= 0 || t.IndexOf('.') < 0) return false;
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                try
                {
                    if (assembly.GetType(t, throwOnError: false) != null) return true;
                }
                catch (Exception e) when (e is ArgumentException || e is System.IO.FileLoadException || e is BadImageFormatException) { }
            }
            return false;
        }

        /// <summary>The value as PowerShell would have written it, quoted as every message of the module quotes one.</summary>
        public static string AsText(object? value)
        {
            if ((value is PSObject wrapped ? wrapped.BaseObject : value) is IList { Count: 1 } single && !(single is string)) value = single[0];
            // PSObject's text is PowerShell's ("@{A=1}" for an object; a conversion to string gave "").
            return QuotedValue.Of(value == null ? "" : PSObject.AsPSObject(value).ToString());
        }

        /// <summary>A value that is not what a parameter takes, for its refusal: "$null", or its text and its type.</summary>
        public static string Described(object? value)
        {
            var bare = value is PSObject wrapped ? wrapped.BaseObject : value;
            return bare == null || bare is DBNull ? "$null" : $"{AsText(value)} ({bare.GetType().Name})";
        }
    }
}
