using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// One line saying what a journaled block shows (the audit's default view of a block): join link host, meeting and
    /// conference IDs, dial-in numbers. The journal keeps the block's text only, so it is scanned again here, as HTML when
    /// it starts with markup (else as text, then the other way); a text the scanner cannot read (a placeholder, a cut block) is shown shortened instead.
    /// </summary>
    public static class BlockSummary
    {
        private const int FallbackLength = 80;

        public static string Of(string? blockText)
        {
            if (string.IsNullOrEmpty(blockText)) return "";
            // An HTML block starts with its element; a text block may hold "<https://...>" links, so '<' alone says nothing.
            var first = blockText!.TrimStart().StartsWith("<", StringComparison.Ordinal) ? BodyFormat.Html : BodyFormat.Text;
            var match = BlockScanner.Scan(blockText, first).Match
                ?? BlockScanner.Scan(blockText, first == BodyFormat.Html ? BodyFormat.Text : BodyFormat.Html).Match;
            if (match == null) return Shortened(blockText);
            var c = match.Parsed;
            var parts = new List<string> { match.Kind == MeetingKind.Teams ? "Teams" : "Skype for Business" };
            if (Host(c.JoinUrl) is string host) parts.Add($"join {host}");
            if (!string.IsNullOrEmpty(c.MeetingId)) parts.Add($"meeting ID {c.MeetingId}");
            if (!string.IsNullOrEmpty(c.ConferenceId)) parts.Add($"conference ID {c.ConferenceId}");
            if (!string.IsNullOrEmpty(c.TollNumber)) parts.Add($"toll {c.TollNumber}");
            if (c.TollFreeNumbers.Count > 0) parts.Add($"toll-free {string.Join(", ", c.TollFreeNumbers)}");
            return string.Join("; ", parts);
        }

        private static string? Host(string? url) =>
            url != null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;

        private static string Shortened(string text)
        {
            var oneLine = string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return oneLine.Length <= FallbackLength ? oneLine : oneLine.Substring(0, FallbackLength - 1) + "…";
        }
    }
}
