using System;
using System.Globalization;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// A free-text parameter (a bridge's name or region, a city, a display name) takes text, and the numbers and names
    /// PowerShell writes as text; an object that is not text is refused with what it was. PowerShell would make it its
    /// type's name or "@{A=1}", and that was stored: a bridge named "System.Collections.Hashtable" (outside probe BD-F7).
    /// Identities refuse the same input in their own words (UserIdentity).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class PlainTextAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            // DateTime is IConvertible, but its text depends on the culture and holds no name anyone meant.
            if (value == null || value is DBNull || value is string || (value is IConvertible && !(value is DateTime))) return inputData;
            var asText = Convert.ToString(inputData, CultureInfo.InvariantCulture) ?? "";
            var kind = value is PSCustomObject ? "an object" : $"a {value.GetType().Name}";
            throw new ArgumentTransformationMetadataException(
                $"{QuotedValue.Of(asText)} is {kind} made text, not a text value: give the text itself (for a piped object, one of its properties, such as $_.Name). Nothing was done for this input.");
        }
    }
}
