using System.Collections.Generic;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// What counts as a fence line. The reference gives exactly 137 dots (Skype) and 80 underscores (Teams); a little
    /// slack is allowed for customized templates, but the thresholds stay far above the 32-underscore inner rule of
    /// Teams layout 3 and Outlook's reply separators.
    /// </summary>
    internal static class FenceLines
    {
        public const int MinDots = 100;
        public const int MinUnderscores = 70;

        public const int SkypeDots = 137;
        public const int TeamsUnderscores = 80;

        /// <summary>Finds runs of fence characters in [start, end) and reports them as (kind, runStart, runEnd).</summary>
        public static IEnumerable<(FenceKind Kind, int Start, int End)> FindRuns(string text, int start, int end)
        {
            int i = start;
            while (NextRun(text, ref i, end, out var run)) yield return run;
        }

        /// <summary>
        /// The next run from <paramref name="i"/> on, which it moves past the run; false when [i, end) holds no more. The
        /// HTML scan asks this of every text token of a body, without the enumerator <see cref="FindRuns"/> allocates.
        /// </summary>
        public static bool NextRun(string text, ref int i, int end, out (FenceKind Kind, int Start, int End) run)
        {
            while (i < end)
            {
                char c = text[i];
                if (c != '.' && c != '_')
                {
                    i++;
                    continue;
                }

                int runStart = i;
                while (i < end && text[i] == c) i++;
                int length = i - runStart;
                if (c == '.' && length >= MinDots) { run = (FenceKind.Dots, runStart, i); return true; }
                if (c == '_' && length >= MinUnderscores) { run = (FenceKind.Underscores, runStart, i); return true; }
            }

            run = default;
            return false;
        }
    }
}
