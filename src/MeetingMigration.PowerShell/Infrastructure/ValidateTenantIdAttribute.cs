using System;
using System.Management.Automation;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// -Tenant names a tenant by its GUID; the empty GUID names none (a default value passed on, or a typo), so the binder
    /// refuses it rather than the cmdlet acting as if the tenant had been named.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ValidateTenantIdAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            if (arguments is Guid tenant && tenant == Guid.Empty)
                throw new ValidationMetadataException("The empty GUID names no tenant. Give the tenant's id (Get-MgOrganization shows it), or leave -Tenant out.");
        }
    }
}
