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
    /// value that is neither a Guid nor text holding one is refused, null included; a bridge's GUID (-BridgeId, or a bridge cmdlet's -Identity) the same way, in a bridge's words.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class GuidFromTextAttribute : ArgumentTransformationAttribute
    {
        private readonly GuidMeaning _meaning;

        /// <summary>A CorrelationId: empty text and null refused.</summary>
        public GuidFromTextAttribute() : this(GuidMeaning.CorrelationId) { }

        public GuidFromTextAttribute(GuidMeaning meaning) => _meaning = meaning;

        /// <summary>
        /// Null, DBNull or blank text is passed on as null (the parameter bound, holding nothing), for a cmdlet that decides
        /// itself what an empty value means; otherwise they are refused like any other value.
        /// </summary>
        public bool EmptyAsNull { get; set; }

        /// <summary>
        /// An object that is not text is left to the binder: a bridge cmdlet's -Identity shares position 0 with -Instance
        /// (Set-CsOnlineDialInConferencingBridge $bridge), and the binder tries that parameter set with it only if this one
        /// did not refuse it. Text (a CSV cell) is still refused here.
        /// </summary>
        public bool LeaveObjectsToBinder { get; set; }

        /// <summary>The cmdlet's parameter that names a bridge instead (BridgeName, or a bridge cmdlet's Name), for the refusal's advice.</summary>
        public string NameParameter { get; set; } = "BridgeName";

        /// <summary>
        /// An object the binder may take for another parameter at the same position (a bridge object or its deserialized
        /// copy for -Instance). Not a dictionary, a number, a date or a script block: the binder made an [ordered]@{} the
        /// nil GUID, so the error named a bridge never given, and refused the others in its own words (outside probe BN-F3).
        /// </summary>
        /// <param name="input">As given: a [pscustomobject]'s properties are on its PSObject, not on the base object.</param>
        private static bool MayBeInstance(object? input, object? value) =>
            value is Output.ConferencingBridge
            // A bridge read back (Import-Clixml, ConvertFrom-Json) is an object with the bridge's Identity; any other
            // [pscustomobject] got PowerShell's conversion text (outside probe BP-F3).
            || (value is PSCustomObject && input is PSObject shell && shell.Properties["Identity"] != null);

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            // A list of one is its item, as for text parameters (outside probe BK-F2: PowerShell's bare refusal).
            inputData = OneValueAttribute.Single(inputData);
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is Guid) return inputData;
            if (value is string text && Guid.TryParse(text.Trim(), out var id)) return id;
            if (EmptyAsNull && (value == null || value is DBNull || (value is string blank && blank.Trim().Length == 0))) return null;
            if (LeaveObjectsToBinder && MayBeInstance(inputData, value)) return inputData;
            // Refused here, not passed on: a row whose CorrelationId the binder could not convert fell back to the row's
            // UserPrincipalName, and acted on every request of that user (found by an outside probe: one bad cell in a list
            // queued an undo of every migration; a second found $null, DBNull and numbers doing the same). A BridgeId the
            // binder could not convert was left out the same way, and the number was unregistered from whichever bridge
            // held it. The row fails alone; the rest of the pipeline goes on.
            // Quoted as every message of the module quotes a value: a cell's ESC or U+202E reached the console raw (outside probe AN).
            var shown = value == null || value is DBNull ? "''" : value is string text2 ? QuotedValue.Of(text2) : $"{QuotedValue.Of(inputData is PSObject asGiven ? asGiven.ToString() : value)} ({value.GetType().Name})";
            throw new ArgumentTransformationMetadataException(_meaning switch
            {
                GuidMeaning.BridgeId => $"{shown} is not a bridge's Identity: give the GUID Get-CsOnlineDialInConferencingBridge shows as Identity, or name the bridge with -{NameParameter}. Nothing was done for this input.",
                // PowerShell's own refusal quoted the value raw, a 1M-character one in full (outside probe BD-F3).
                GuidMeaning.Tenant => $"{shown} is not a tenant id: give the tenant's GUID (Get-MgOrganization shows it), or leave -Tenant out (the session's tenant). Nothing was done.",
                _ => $"{shown} is not a CorrelationId: give the GUID Get-CsMeetingMigrationStatus shows (for a piped row, leave its CorrelationId column out to act on the row's user). Nothing was done for this input.",
            });
        }
    }

    /// <summary>What a GUID parameter names, for the words of its refusal.</summary>
    internal enum GuidMeaning
    {
        CorrelationId,
        BridgeId,
        Tenant,
    }
}
