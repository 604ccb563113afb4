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

            var best = BlockLabels.All
                .Select(l => (Labels: l, Score: l.DistinctiveLabels().Count(s => visibleText.IndexOf(s, StringComparison.OrdinalIgnoreCase) >= 0)))
                .OrderByDescending(x => x.Score)
                .First();
            return best.Score > 0 ? best.Labels.Language : null;
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
