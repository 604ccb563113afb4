using MeetingMigration.Engine.Triggers;
using Xunit;

namespace MeetingMigration.Engine.Tests.Queue
{
    public class TriggerNamesTests
    {
        [Theory]
        [InlineData(null, "ConferenceIdChanged", "ConferenceIdChanged")]
        [InlineData("AudioConferencingEnabled", "ConferenceIdChanged", "AudioConferencingEnabled, ConferenceIdChanged")]
        [InlineData("AudioConferencingEnabled, ConferenceIdChanged", "ConferenceIdChanged", "AudioConferencingEnabled, ConferenceIdChanged")]
        // One change that is two causes, merged twice: each cause once (outside probe AQ saw them repeated).
        [InlineData("AudioConferencingEnabled, ServiceNumberChanged, ConferenceIdChanged", "ServiceNumberChanged, ConferenceIdChanged",
            "AudioConferencingEnabled, ServiceNumberChanged, ConferenceIdChanged")]
        [InlineData("AudioConferencingEnabled", "ServiceNumberChanged,ConferenceIdChanged, ", "AudioConferencingEnabled, ServiceNumberChanged, ConferenceIdChanged")]
        [InlineData("AudioConferencingEnabled", "  ", "AudioConferencingEnabled")]
        public void Combine_lists_each_cause_once_in_the_order_they_came(string? existing, string added, string expected) =>
            Assert.Equal(expected, TriggerNames.Combine(existing, added));
    }
}
