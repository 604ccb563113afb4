using System;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Lets a Set cmdlet's Boolean parameter take the text a file or a splat holds (True, False, 1 or 0, any case), as its
    /// -Instance does and as Microsoft's cmdlets, whose parameters are typed Object, do. PowerShell's binder refuses any
    /// text for a [bool] parameter, with a message that names no value to give: found by outside probe Z, a settings
    /// script passing a CSV cell ('False') failed. Other text is refused naming it; other values are the binder's.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class BooleanTextAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            // A list of one is its item, as for every parameter of one value; several (two cells, a splat's array) are
            // refused naming them: the binder's message named nothing to give (outside probes AA, BK-F2, BM-F1).
            inputData = OneValueAttribute.Single(inputData);
            var raw = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            // Booleans and numbers as PowerShell's binder takes them; any other object (a hashtable, a date, $null) got its
            // "Cannot convert 'System.Collections.Hashtable' to the type 'System.Boolean'" (outside probe BN-F2).
            if (raw is bool || raw is SwitchParameter) return inputData;
            // 1 and 0, as the message says: PowerShell took any number, NaN and -1 included, as $true (outside probe BP-F4).
            if (StrictValues.IsNumber(raw))
            {
                var number = Convert.ToDouble(raw, System.Globalization.CultureInfo.InvariantCulture);
                if (number == 1 || number == 0) return number == 1;
                throw NotABoolean(QuotedValue.Of(Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
            }
            if (!(raw is string text)) throw NotABoolean(PlainTextAttribute.Described(raw));
            if (StrictValues.TryBooleanText(text, out var value)) return value;
            throw NotABoolean(QuotedValue.Of(text));
        }

        private static ArgumentTransformationMetadataException NotABoolean(string shown) =>
            new ArgumentTransformationMetadataException($"The value {shown} is not a Boolean: give $true or $false (True, False, 1 or 0 from a file). Nothing was changed.");
    }
}
