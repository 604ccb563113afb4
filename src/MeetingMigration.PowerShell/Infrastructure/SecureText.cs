using System.Runtime.InteropServices;
using System.Security;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// A SecureString's text, only for the call that needs it (MSAL, the bearer header, opening a store); never kept or
    /// written anywhere. Null for null.
    /// </summary>
    internal static class SecureText
    {
        public static string? Plain(SecureString? secure)
        {
            if (secure == null) return null;
            var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                // By length: a NUL inside the secret must reach the checks (PtrToStringUni(pointer) stopped at it and
                // handed on a shortened token, which passed them; found by the generated bad-input proof).
                return Marshal.PtrToStringUni(pointer, secure.Length);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
