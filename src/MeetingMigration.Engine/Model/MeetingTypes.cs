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
        /// selections, and a Skype for Business meeting becomes a Teams meeting only if a request that selects Skype for
        /// Business meetings asked for that. A Teams meeting stays a Teams meeting under either target, so a Teams-to-Teams
        /// request merged with a trigger's All-to-Current one is All-to-Current: taking its Teams target for the Skype
        /// meetings the trigger added would convert meetings nobody asked to convert (found by an outside probe).
        /// </summary>
        public static (SourceMeetingType Source, TargetMeetingType Target) Merge(
            SourceMeetingType firstSource, TargetMeetingType firstTarget, SourceMeetingType secondSource, TargetMeetingType secondTarget)
        {
            var source = firstSource == secondSource ? firstSource : SourceMeetingType.All;
            bool ConvertsSkype(SourceMeetingType s, TargetMeetingType t) => s != SourceMeetingType.Teams && t == TargetMeetingType.Teams;
            bool convert = ConvertsSkype(firstSource, firstTarget) || ConvertsSkype(secondSource, secondTarget);
            // Teams meetings alone: either target keeps them Teams meetings; a Teams target keeps the request's name TeamsToTeams.
            bool teamsOnly = source == SourceMeetingType.Teams && (firstTarget == TargetMeetingType.Teams || secondTarget == TargetMeetingType.Teams);
            return (source, convert || teamsOnly ? TargetMeetingType.Teams : TargetMeetingType.Current);
        }
    }
}
