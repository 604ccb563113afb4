using System;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>Swaps a block for another by index; every character outside the block stays as it was.</summary>
    public static class BodySplicer
    {
        /// <exception cref="InvalidOperationException">The body no longer holds <paramref name="match"/>'s text at its
        /// position (it changed since the scan), or the range would split a surrogate pair.</exception>
        public static string Replace(string body, BlockMatch match, string newBlock)
        {
            if (body == null) throw new ArgumentNullException(nameof(body));
            if (match == null) throw new ArgumentNullException(nameof(match));
            if (newBlock == null) throw new ArgumentNullException(nameof(newBlock));

            int end = match.Start + match.Length;
            if (end > body.Length || string.CompareOrdinal(body, match.Start, match.Text, 0, match.Length) != 0 || match.Text.Length != match.Length)
            {
                throw new InvalidOperationException("The body does not hold the scanned block at its recorded position; scan the current body again.");
            }

            if (SplitsSurrogatePair(body, match.Start) || SplitsSurrogatePair(body, end))
            {
                throw new InvalidOperationException("The block's edges would split a surrogate pair.");
            }

            return string.Concat(body.Substring(0, match.Start), newBlock, body.Substring(end));
        }

        private static bool SplitsSurrogatePair(string s, int index) =>
            index > 0 && index < s.Length && char.IsHighSurrogate(s[index - 1]) && char.IsLowSurrogate(s[index]);
    }
}
