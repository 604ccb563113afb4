using System;
using MeetingMigration.Engine.Errors;
using Xunit;

namespace MeetingMigration.Engine.Tests.Errors
{
    public sealed class MeetingLabelTests
    {
        [Fact]
        public void A_meeting_is_named_by_its_quoted_subject_and_its_start_in_utc() =>
            Assert.Equal("'Weekly sync' (2026-12-07 09:30Z)", MeetingLabel.Of("Weekly sync", new DateTime(2026, 12, 7, 9, 30, 0, DateTimeKind.Utc)));

        [Fact]
        public void A_meeting_whose_start_is_not_known_is_named_by_its_subject_alone() =>
            Assert.Equal("'Weekly sync'", MeetingLabel.Of("Weekly sync", null)); // not "'Weekly sync' (Z)"

        [Fact]
        public void The_subject_is_made_inert_like_any_value_from_elsewhere() =>
            Assert.Equal("'Sync\\r\\nForged line' (2026-12-07 09:30Z)", MeetingLabel.Of("Sync\r\nForged line", new DateTime(2026, 12, 7, 9, 30, 0, DateTimeKind.Utc)));
    }
}
