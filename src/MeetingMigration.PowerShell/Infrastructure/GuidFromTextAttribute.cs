using System;
using System.Management.Automation;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Turns text that is a GUID into a <see cref="Guid"/> before the binder looks at it. A row of Import-Csv holds its
    /// CorrelationId as text; the binder tries every pipeline binding without type conversion first and only then with it,
    /// and with conversion the whole row, made text, binds to the cmdlet's -Identity (by value) before the column could
    /// bind to -CorrelationId. Converted here, the column binds in the first round, as a status record's Guid does. Any
    /// value that is neither a Guid nor text holding one is refused, null included.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class GuidFromTextAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is Guid) return inputData;
            if (value is string text && Guid.TryParse(text.Trim(), out var id)) return id;
            // Refused here, not passed on: a row whose CorrelationId the binder could not convert fell back to the row's
            // UserPrincipalName, and acted on every request of that user (found by an outside probe: one bad cell in a list
            // queued an undo of every migration; a second found $null, DBNull and numbers doing the same). The row fails
            // alone; the rest of the pipeline goes on.
            // Quoted as every message of the module quotes a value: a cell's ESC or U+202E reached the console raw (outside probe AN).
            var shown = value == null || value is DBNull ? "''" : value is string text2 ? QuotedValue.Of(text2) : $"{QuotedValue.Of(value)} ({value.GetType().Name})";
            throw new ArgumentTransformationMetadataException(
                $"{shown} is not a CorrelationId: give the GUID Get-CsMeetingMigrationStatus shows. To act on the row's user instead, leave the CorrelationId column out.");
        }
    }
}
