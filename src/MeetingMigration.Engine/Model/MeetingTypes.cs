namespace MeetingMigration.Engine.Model
{
    /// <summary>Which meetings a request touches (Start-CsExMeetingMigration -SourceMeetingType).</summary>
    public enum SourceMeetingType
    {
        /// <summary>Skype for Business and Teams meetings (the default).</summary>
        All,
        /// <summary>Skype for Business meetings only, on-premises or online.</summary>
        SfB,
        /// <summary>Teams meetings only.</summary>
        Teams,
    }

    /// <summary>What the touched meetings become (Start-CsExMeetingMigration -TargetMeetingType).</summary>
    public enum TargetMeetingType
    {
        /// <summary>Each meeting keeps its type and gets the organizer's current coordinates (the default).</summary>
        Current,
        /// <summary>Every touched meeting becomes a Teams meeting.</summary>
        Teams,
    }

    /// <summary>The MigrationType column of Get-CsMeetingMigrationStatus; derived from source and target.</summary>
    public enum MigrationType
    {
        ToSameType,
        SfbToTeams,
        TeamsToTeams,
        AllToTeams,
    }

    public static class MigrationTypes
    {
        /// <summary>
        /// Maps the pair of request parameters to Microsoft's MigrationType names. With target Current every meeting keeps its
        /// type, so the request is ToSameType whatever the source; with target Teams the source names the conversion.
        /// </summary>
        public static MigrationType From(SourceMeetingType source, TargetMeetingType target)
        {
            if (target == TargetMeetingType.Current) return MigrationType.ToSameType;
            switch (source)
            {
                case SourceMeetingType.SfB: return MigrationType.SfbToTeams;
                case SourceMeetingType.Teams: return MigrationType.TeamsToTeams;
                default: return MigrationType.AllToTeams;
            }
        }

        /// <summary>
        /// A second request for a user whose first is still Pending merges into it: the merged request covers both meeting
        /// selections and moves to Teams if either asked for it, so no meeting either caller wanted is left out.
        /// </summary>
        public static (SourceMeetingType Source, TargetMeetingType Target) Merge(
            SourceMeetingType firstSource, TargetMeetingType firstTarget, SourceMeetingType secondSource, TargetMeetingType secondTarget)
        {
            var source = firstSource == secondSource ? firstSource : SourceMeetingType.All;
            var target = firstTarget == TargetMeetingType.Teams || secondTarget == TargetMeetingType.Teams
                ? TargetMeetingType.Teams
                : TargetMeetingType.Current;
            return (source, target);
        }
    }
}
