using System;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// A cmdlet with Microsoft's -Tenant parameter (the tenant-wide settings cmdlets). The base checks a given -Tenant
    /// against the session's tenant before the cmdlet runs (<see cref="TenantParameterCheck"/>).
    /// </summary>
    internal interface ITenantParameter
    {
        Guid Tenant { get; }
    }
}
