using System.Linq;
using System.Text;

namespace MeetingMigration.Engine.Auth
{
    /// <summary>Checks on values that end up in an HTTP header or an authority URL.</summary>
    internal static class TokenText
    {
        /// <summary>Visible ASCII only (RFC 7230 field values without obs-text): no CR, LF, tab or other control character.</summary>
        public static bool IsHeaderSafe(string value) => value.Length > 0 && value.Length <= 64 * 1024 && value.All(c => c > 0x20 && c < 0x7f);

        /// <summary>A value safe to show in a message: control characters as \uXXXX, so a message cannot be split or spoofed.</summary>
        public static string Printable(string value)
        {
            var text = new StringBuilder(value.Length);
            foreach (var c in value) text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
            return text.ToString();
        }
    }
}
