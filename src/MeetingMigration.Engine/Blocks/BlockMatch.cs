using System;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>One online-meeting block found in a body, as an ordinal (UTF-16 index) range of that body.</summary>
    public sealed class BlockMatch
    {
        public BlockMatch(MeetingKind kind, string layout, int start, int length, ConferencingCoordinates parsed, string text, string? language = null)
        {
            if (start < 0) throw new ArgumentOutOfRangeException(nameof(start));
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
            Kind = kind;
            Layout = layout ?? throw new ArgumentNullException(nameof(layout));
            Start = start;
            Length = length;
            Parsed = parsed ?? throw new ArgumentNullException(nameof(parsed));
            Text = text ?? throw new ArgumentNullException(nameof(text));
            Language = language;
        }

        public MeetingKind Kind { get; }

        /// <summary>"Skype", "Teams1", "Teams2", "Teams3" or "Teams4" (see <see cref="BlockLayouts"/>).</summary>
        public string Layout { get; }

        /// <summary>Index of the block's first character in the body.</summary>
        public int Start { get; }

        /// <summary>Number of UTF-16 code units the block spans.</summary>
        public int Length { get; }

        /// <summary>What the block shows.</summary>
        public ConferencingCoordinates Parsed { get; }

        /// <summary>Exactly <c>body.Substring(Start, Length)</c>.</summary>
        public string Text { get; }

        /// <summary>The block's language as a culture name ("de-DE") or a two-letter code ("de") when only the labels
        /// give it away; null when it could not be told. The renderer reuses it for its labels.</summary>
        public string? Language { get; }

        public override string ToString() => $"{Kind}/{Layout} [{Start}, {Start + Length}) lang={Language ?? "?"}";
    }
}
