using System;
using System.Linq;

namespace MeetingMigration.Engine.Auth
{
    /// <summary>Checks on values that end up in an HTTP header or an authority URL.</summary>
    internal static class TokenText
    {
        /// <summary>Visible ASCII only (RFC 7230 field values without obs-text): no CR, LF, tab or other control character.</summary>
        public static bool IsHeaderSafe(string value) => value.Length > 0 && value.Length <= 64 * 1024 && value.All(c => c > 0x20 && c < 0x7f);

        /// <summary>
        /// A tenant id as Entra's authority URL takes it: a GUID, or a domain name of ASCII letters, digits and hyphens
        /// (contoso.onmicrosoft.com), so nothing in it can add a path, query or host to the URL.
        /// </summary>
        public static bool IsTenantId(string? value)
        {
            if (value == null) return false;
            if (Guid.TryParseExact(value, "D", out _) || Guid.TryParseExact(value, "N", out _)) return true;
            if (value.Length == 0 || value.Length > 253) return false;
            var labels = value.Split('.');
            if (labels.Length < 2) return false;
            foreach (var label in labels)
            {
                if (label.Length == 0 || label.Length > 63 || label[0] == '-' || label[label.Length - 1] == '-') return false;
                if (!label.All(c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
            }
            return true;
        }
    }
}
