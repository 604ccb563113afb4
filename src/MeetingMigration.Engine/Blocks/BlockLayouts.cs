namespace MeetingMigration.Engine.Blocks
{
    /// <summary>The values of <see cref="BlockMatch.Layout"/>.</summary>
    public static class BlockLayouts
    {
        public const string Skype = "Skype";

        /// <summary>2018-21: fences outside the <c>me-email-text</c> div, "Click here to join the meeting".</summary>
        public const string Teams1 = "Teams1";

        /// <summary>2021-23: layout 1 plus meeting ID and passcode.</summary>
        public const string Teams2 = "Teams2";

        /// <summary>2023-24: fences inside the <c>me-email-text</c> div, <c>meet_invite_block</c> ids, inner rule.</summary>
        public const string Teams3 = "Teams3";

        /// <summary>2025 onwards: short <c>teams.microsoft.com/meet/&lt;digits&gt;</c> link plus a compatibility link.</summary>
        public const string Teams4 = "Teams4";
    }
}
