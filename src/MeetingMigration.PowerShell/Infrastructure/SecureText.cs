using System.Runtime.InteropServices;
using System.Security;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>A SecureString's text, only for the call that needs it (opening a store); never kept.</summary>
    internal static class SecureText
    {
        public static string? Plain(SecureString? secure)
        {
            if (secure == null || secure.Length == 0) return null;
            var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                return Marshal.PtrToStringUni(pointer);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
