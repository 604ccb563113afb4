using System;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// How a store names the tenant its rows belong to: the tenant id or domain a session or service connects with, trimmed
    /// and in lower case, so "Contoso.onmicrosoft.com" and "contoso.onmicrosoft.com" are one tenant; "" is the default
    /// tenant of a store used without -TenantId (every row of a store made before tenants existed).
    /// </summary>
    public static class TenantKey
    {
        public const int MaxLength = 256;

        public static string Normalize(string? tenant)
        {
            var key = (tenant ?? "").Trim().ToLowerInvariant();
            if (key.Length > MaxLength || QuotedValue.IndexOfEscaped(key) >= 0)
                throw new MeetingMigrationException(ErrorIds.InvalidTenantId, ErrorKind.InvalidArgument,
                    $"The tenant {QuotedValue.Of(tenant ?? "")} cannot name a tenant in the store: it is longer than {MaxLength} characters or holds control characters.",
                    tenant ?? "", "Give the tenant id (a GUID) or its domain, such as contoso.onmicrosoft.com.");
            return key;
        }
    }
}
