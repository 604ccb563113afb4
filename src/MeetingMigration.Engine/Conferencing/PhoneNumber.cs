using System;
using System.Linq;
using System.Text;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Conferencing
{
    /// <summary>
    /// Dial-in numbers are kept in E.164 form ("+14255550100"). Input may be E.164 with or without '+', or a tel: URI, and
    /// may carry the separators people type (spaces, '-', '.', parentheses); anything else is refused.
    /// </summary>
    public static class PhoneNumber
    {
        public static string Normalize(string value, string parameterName)
        {
            if (!TryNormalize(value, out var normalized) && ListedNumbers(value) is int listed)
                throw new MeetingMigrationException(ErrorIds.InvalidPhoneNumber, ErrorKind.InvalidArgument,
                    $"{parameterName} {QuotedValue.Of(value)} lists {listed} phone numbers; it takes one.", value,
                    // Only a user's toll-free numbers can be several; any other number is one per call or row (outside probe AW-F6).
                    parameterName == "TollFreeServiceNumber"
                        ? "Give one number here. A user's several toll-free numbers go in one cell, separated by ';' or ',', " +
                          "to Set-MeetingMigrationConferencingProfile -TollFreeNumber and Import-CsOnlineDialInConferencingUser's TollFreeServiceNumbers column."
                        : parameterName == "Identity"
                            ? "Give one number per call: pipe several numbers to the cmdlet, or give each a row of its own."
                            : "Give one number here: it names a single number (a user has one toll number, a bridge one default of each type).");
            if (normalized == null)
                throw new MeetingMigrationException(ErrorIds.InvalidPhoneNumber, ErrorKind.InvalidArgument,
                    $"{parameterName} {QuotedValue.Of(value)} is not a phone number in E.164 form.", value,
                    "Give the number with its country code, such as +14255550100 (tel:+14255550100 and 14255550100 are accepted too).");
            return normalized!;
        }

        /// <summary>
        /// How many numbers a text lists when it is a list (a CSV cell "+18005550100;+18005550101", which the cmdlets that take
        /// several read as several): said as such, not "not a phone number" (outside probe AS-F3). Null when it is not one.
        /// </summary>
        private static int? ListedNumbers(string value)
        {
            var parts = value.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Where(p => p.Trim().Length > 0).ToList();
            return parts.Count > 1 && parts.All(p => TryNormalize(p, out _)) ? parts.Count : (int?)null;
        }

        public static bool TryNormalize(string? value, out string? normalized)
        {
            normalized = null;
            if (value == null) return false;
            var text = value.Trim();
            if (text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)) text = text.Substring(4);
            if (text.StartsWith("+", StringComparison.Ordinal)) text = text.Substring(1);
            // Separators go between digits: '-2147483648' was stored as +2147483648 (outside probe BD-F5), a sign taken for a dash.
            text = text.Trim();
            if (text.Length == 0 || text[0] == '-' || text[0] == '.' || text[0] == ')' || text[text.Length - 1] == '-' || text[text.Length - 1] == '.' || text[text.Length - 1] == '(')
                return false;
            var digits = new StringBuilder();
            foreach (var c in text)
            {
                if (c >= '0' && c <= '9') digits.Append(c);
                else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') return false;
            }
            // E.164: at most 15 digits with the country code, which never starts with 0.
            if (digits.Length < 7 || digits.Length > 15 || digits[0] == '0') return false;
            normalized = "+" + digits;
            return true;
        }
    }
}
