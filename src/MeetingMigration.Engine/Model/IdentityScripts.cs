using System.Globalization;

namespace MeetingMigration.Engine.Model
{
    /// <summary>
    /// Look-alike letters in a user identity. 'аdmin@contoso.com' with a Cyrillic 'а' (U+0430) reads as admin@contoso.com
    /// but is another string: queued, it would reach whichever user Graph resolves it to, or a user an attacker created to
    /// look like the admin. So each part of an address (the parts between '@' and '.') must keep to one script, the way
    /// browsers show internationalized domain names; Latin mixed with Cyrillic, Greek, fullwidth forms or any other script
    /// is refused. ASCII digits and punctuation belong to every script; other digits are refused outright, since
    /// '٣' or '３' next to ASCII text would be matched by nothing an admin can type.
    /// </summary>
    internal static class IdentityScripts
    {
        private enum Script { Common, Latin, Greek, Cyrillic, Fullwidth, Other }

        /// <summary>The first character that makes <paramref name="address"/> ambiguous, with why; null when it is clear.</summary>
        public static string? FindLookAlike(string address)
        {
            foreach (var part in address.Split('@', '.'))
            {
                var first = Script.Common;
                var firstText = "";
                for (var i = 0; i < part.Length; i++)
                {
                    var c = part[i];
                    if (char.IsDigit(c) && (c < '0' || c > '9'))
                        return $"it contains the digit '{c}' (U+{(int)c:X4}); only the ASCII digits 0-9 are accepted.";
                    var script = ScriptOf(part, i);
                    if (char.IsHighSurrogate(c) && i + 1 < part.Length && char.IsLowSurrogate(part[i + 1])) i++;
                    if (script == Script.Common) continue;
                    if (first == Script.Common)
                    {
                        first = script;
                        firstText = Shown(part, i);
                    }
                    else if (script != first)
                    {
                        // Name the foreign letter: in 'аdmin' that is the Cyrillic 'а', not the Latin 'd' after it.
                        var (odd, oddScript, other, otherScript) = first == Script.Latin
                            ? (Shown(part, i), script, firstText, first)
                            : (firstText, first, Shown(part, i), script);
                        return $"it mixes scripts in {Errors.QuotedValue.Of(part)}: '{odd}' ({CodePoint(odd)}) is {Name(oddScript)}, " +
                               $"next to {Name(otherScript)} '{other}'. Look-alike letters from another script would name a different user.";
                    }
                }
            }
            return null;
        }

        /// <summary>The character at <paramref name="index"/> (which may be the low half of a pair) as text.</summary>
        private static string Shown(string text, int index) =>
            char.IsLowSurrogate(text[index]) && index > 0 ? text.Substring(index - 1, 2) : text[index].ToString();

        private static string CodePoint(string character) =>
            character.Length == 2 && char.IsSurrogatePair(character[0], character[1])
                ? $"U+{char.ConvertToUtf32(character[0], character[1]):X4}"
                : $"U+{(int)character[0]:X4}";

        private static Script ScriptOf(string text, int index)
        {
            var c = text[index];
            // Letters beyond the BMP (mathematical alphanumerics such as U+1D41A, which looks like 'a') are another script.
            if (char.IsSurrogate(c)) return Script.Other;
            if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? Script.Latin : Script.Common;
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            var letterLike = char.IsLetter(c) || category == UnicodeCategory.DecimalDigitNumber || category == UnicodeCategory.LetterNumber
                             || category == UnicodeCategory.OtherNumber;
            if (!letterLike) return Script.Common; // punctuation, symbols, combining marks: they follow the letter before
            if (c <= 0x024F || (c >= 0x0250 && c <= 0x02AF) || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2C60 && c <= 0x2C7F)
                || (c >= 0xA720 && c <= 0xA7FF) || (c >= 0xAB30 && c <= 0xAB6F)) return Script.Latin;
            if ((c >= 0x0370 && c <= 0x03FF) || (c >= 0x1F00 && c <= 0x1FFF)) return Script.Greek;
            if ((c >= 0x0400 && c <= 0x052F) || (c >= 0x1C80 && c <= 0x1C8F) || (c >= 0x2DE0 && c <= 0x2DFF) || (c >= 0xA640 && c <= 0xA69F))
                return Script.Cyrillic;
            if (c >= 0xFF00 && c <= 0xFFEF) return Script.Fullwidth;
            return Script.Other;
        }

        private static string Name(Script script)
        {
            switch (script)
            {
                case Script.Latin: return "Latin";
                case Script.Greek: return "Greek";
                case Script.Cyrillic: return "Cyrillic";
                case Script.Fullwidth: return "a fullwidth form";
                default: return "from another script";
            }
        }
    }
}
