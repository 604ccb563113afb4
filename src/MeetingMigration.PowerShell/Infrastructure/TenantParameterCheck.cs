using System;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Microsoft's -Tenant names the tenant whose settings a cmdlet reads or changes. Here the session's tenant is chosen by
    /// Connect-MeetingMigration (-StoreTenant for the store's rows, -TenantId for Graph), so a -Tenant is checked against
    /// it rather than followed. Found by outside probe O: -Tenant was ignored, so a script at a service provider naming one
    /// tenant silently turned meeting migration off for the tenant its session pointed at.
    /// </summary>
    internal static class TenantParameterCheck
    {
        /// <summary>
        /// Null when <paramref name="tenant"/> is the session's tenant; a warning, the first time only, when the session names
        /// its tenant by no GUID (the default store tenant or a domain name, and no Graph tenant id), so it cannot be checked. Throws
        /// TenantMismatch when it is another tenant.
        /// </summary>
        public static string? Check(Guid tenant, ModuleSession session)
        {
            // The store tenant is whose rows are read and written; the Graph tenant stands for it in a store of one tenant.
            var (known, source) = Guid.TryParse(session.StoreTenant, out var storeTenant)
                ? (storeTenant, "Connect-MeetingMigration -StoreTenant")
                : Guid.TryParse(session.Graph?.Options.TenantId, out var graphTenant)
                    ? (graphTenant, "Connect-MeetingMigration -TenantId")
                    : (Guid.Empty, null);
            if (source == null)
            {
                if (!session.FirstUncheckedTenant(tenant)) return null;
                var storeTenantShown = session.StoreTenant.Length == 0 ? "the store's default tenant" : $"the store tenant '{session.StoreTenant}'";
                return $"-Tenant {tenant:D} was not checked: this session names its tenant by no id ({storeTenantShown}, no Graph tenant id), " +
                       $"so it acts on {storeTenantShown}. Connect-MeetingMigration -StoreTenant <tenant id> (or -TenantId <tenant id>) lets -Tenant be checked. (Said once per session.)";
            }
            if (known == tenant) return null;
            throw new Engine.Errors.MeetingMigrationException(ErrorIds.TenantMismatch, ErrorKind.InvalidArgument,
                $"-Tenant {tenant:D} is not this session's tenant ({known:D}, from {source}); nothing was read or changed.", tenant.ToString("D"),
                "Run Connect-MeetingMigration -StoreTenant <that tenant id> to work on that tenant, or leave -Tenant out to use the session's.");
        }
    }
}
