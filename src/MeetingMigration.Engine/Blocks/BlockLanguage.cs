using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>Tells which language a block was written in, so a replacement can keep it.</summary>
    internal static class BlockLanguage
    {
        // Skype's locale tag: [!OC([1033])!] in decimal or [!OC([041d])!] in hex.
        private static readonly Regex LocaleTag = new Regex(@"\[!OC\(\[(?<lcid>[0-9A-Fa-f]{1,5})\]\)!\]", RegexOptions.CultureInvariant);

        /// <param name="declared">A lang attribute from the block's markup, if any.</param>
        /// <param name="visibleText">The block's visible text.</param>
        public static string? Detect(string? declared, string visibleText)
        {
            if (!string.IsNullOrWhiteSpace(declared)) return declared!.Trim();

            var tag = LocaleTag.Match(visibleText);
            if (tag.Success)
            {
                var labels = BlockLabels.ForLcid(ParseLcid(tag.Groups["lcid"].Value));
                if (labels != null) return labels.Culture;
            }

            // The language with the most of its labels in the text; the first in BlockLabels.All wins a tie.
            BlockLabels? best = null;
            int bestScore = 0;
            foreach (var labels in BlockLabels.All)
            {
                int score = 0;
                foreach (var label in labels.DistinctiveLabels())
                    if (visibleText.IndexOf(label, StringComparison.OrdinalIgnoreCase) >= 0) score++;
                if (score > bestScore) { best = labels; bestScore = score; }
            }

            return best?.Language;
        }

        /// <summary>
        /// Decimal unless it cannot be: hex digits a-f, or a four-digit value with a leading zero ("041d", "0409"),
        /// which is how the hex form has been seen.
        /// </summary>
        internal static int ParseLcid(string value)
        {
            bool hex = value.Any(c => char.IsLetter(c)) || (value.Length == 4 && value[0] == '0');
            return hex
                ? int.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }
    }
}
