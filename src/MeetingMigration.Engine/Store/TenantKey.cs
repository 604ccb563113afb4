using System;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// How a store names the tenant its rows belong to (-StoreTenant, StoreTenant, MEETINGMIGRATION_STORE_TENANT): a tenant
    /// id (GUID) or domain name, trimmed and in lower case, so "Contoso.onmicrosoft.com" and "contoso.onmicrosoft.com" are
    /// one tenant; "" is the default tenant of a store used for one tenant (every row of a store made before tenants existed).
    /// Only letters, digits, dots and hyphens: what tenant ids and domain names are made of, and nothing that can look like
    /// another tenant's name.
    /// </summary>
    public static class TenantKey
    {
        public const int MaxLength = 253; // a domain name's longest

        public static string Normalize(string? tenant)
        {
            var key = (tenant ?? "").Trim().ToLowerInvariant();
            if (key.Length == 0) return key;
            var valid = key.Length <= MaxLength && IsNameCharacter(key[0]) && IsNameCharacter(key[key.Length - 1]);
            for (var i = 0; valid && i < key.Length; i++) valid = IsNameCharacter(key[i]) || key[i] == '.' || key[i] == '-';
            if (!valid)
                throw new MeetingMigrationException(ErrorIds.InvalidTenantId, ErrorKind.InvalidArgument,
                    $"The store tenant {QuotedValue.Of(tenant ?? "")} is not a tenant id or domain name (letters, digits, dots and hyphens, at most {MaxLength}).",
                    tenant ?? "", "Give the tenant id (a GUID) or its domain, such as contoso.onmicrosoft.com; an empty value is the default tenant.");
            return key;
        }

        private static bool IsNameCharacter(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
