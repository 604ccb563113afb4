using MeetingMigration.Engine.Model;
using Xunit;

namespace MeetingMigration.Engine.Tests.Model
{
    public class MigrationTypesTests
    {
        [Theory]
        [InlineData(SourceMeetingType.All, TargetMeetingType.Current, MigrationType.ToSameType)]
        [InlineData(SourceMeetingType.SfB, TargetMeetingType.Current, MigrationType.ToSameType)]
        [InlineData(SourceMeetingType.Teams, TargetMeetingType.Current, MigrationType.ToSameType)]
        [InlineData(SourceMeetingType.SfB, TargetMeetingType.Teams, MigrationType.SfbToTeams)]
        [InlineData(SourceMeetingType.Teams, TargetMeetingType.Teams, MigrationType.TeamsToTeams)]
        [InlineData(SourceMeetingType.All, TargetMeetingType.Teams, MigrationType.AllToTeams)]
        public void From_maps_source_and_target_to_microsofts_names(SourceMeetingType source, TargetMeetingType target, MigrationType expected)
        {
            Assert.Equal(expected, MigrationTypes.From(source, target));
        }

        [Theory]
        [InlineData(SourceMeetingType.SfB, TargetMeetingType.Current, SourceMeetingType.SfB, TargetMeetingType.Current, SourceMeetingType.SfB, TargetMeetingType.Current)]
        [InlineData(SourceMeetingType.SfB, TargetMeetingType.Current, SourceMeetingType.Teams, TargetMeetingType.Current, SourceMeetingType.All, TargetMeetingType.Current)]
        // A Teams-only Teams target converts nothing: merged with Skype meetings kept as they are, they stay so.
        [InlineData(SourceMeetingType.Teams, TargetMeetingType.Teams, SourceMeetingType.SfB, TargetMeetingType.Current, SourceMeetingType.All, TargetMeetingType.Current)]
        [InlineData(SourceMeetingType.Teams, TargetMeetingType.Teams, SourceMeetingType.All, TargetMeetingType.Current, SourceMeetingType.All, TargetMeetingType.Current)]
        [InlineData(SourceMeetingType.All, TargetMeetingType.Teams, SourceMeetingType.SfB, TargetMeetingType.Current, SourceMeetingType.All, TargetMeetingType.Teams)]
        [InlineData(SourceMeetingType.SfB, TargetMeetingType.Teams, SourceMeetingType.Teams, TargetMeetingType.Teams, SourceMeetingType.All, TargetMeetingType.Teams)]
        [InlineData(SourceMeetingType.Teams, TargetMeetingType.Teams, SourceMeetingType.Teams, TargetMeetingType.Teams, SourceMeetingType.Teams, TargetMeetingType.Teams)]
        [InlineData(SourceMeetingType.Teams, TargetMeetingType.Current, SourceMeetingType.Teams, TargetMeetingType.Teams, SourceMeetingType.Teams, TargetMeetingType.Teams)]
        [InlineData(SourceMeetingType.All, TargetMeetingType.Current, SourceMeetingType.SfB, TargetMeetingType.Current, SourceMeetingType.All, TargetMeetingType.Current)]
        [InlineData(SourceMeetingType.SfB, TargetMeetingType.Teams, SourceMeetingType.All, TargetMeetingType.Current, SourceMeetingType.All, TargetMeetingType.Teams)]
        public void Merge_takes_the_union_of_sources_and_converts_skype_meetings_only_when_a_request_selecting_them_asked(SourceMeetingType s1, TargetMeetingType t1, SourceMeetingType s2, TargetMeetingType t2,
            SourceMeetingType source, TargetMeetingType target)
        {
            Assert.Equal((source, target), MigrationTypes.Merge(s1, t1, s2, t2));
            Assert.Equal((source, target), MigrationTypes.Merge(s2, t2, s1, t1)); // order does not matter
        }
    }
}
