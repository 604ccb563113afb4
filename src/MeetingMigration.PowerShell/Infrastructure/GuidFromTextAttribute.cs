using System;
using System.Management.Automation;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Turns text that is a GUID into a <see cref="Guid"/> before the binder looks at it. A row of Import-Csv holds its
    /// CorrelationId as text; the binder tries every pipeline binding without type conversion first and only then with it,
    /// and with conversion the whole row, made text, binds to the cmdlet's -Identity (by value) before the column could
    /// bind to -CorrelationId. Converted here, the column binds in the first round, as a status record's Guid does. Any
    /// other value is passed on unchanged, for the binder to convert or refuse as before.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class GuidFromTextAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            return value is string text && Guid.TryParse(text.Trim(), out var id) ? id : inputData;
        }
    }
}
