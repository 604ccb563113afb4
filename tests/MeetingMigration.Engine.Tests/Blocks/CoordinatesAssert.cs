using MeetingMigration.Engine.Blocks;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks
{
    internal static class CoordinatesAssert
    {
        public static void Equal(ConferencingCoordinates expected, ConferencingCoordinates actual)
        {
            Assert.Equal(expected.JoinUrl, actual.JoinUrl);
            Assert.Equal(expected.ConferenceId, actual.ConferenceId);
            Assert.Equal(expected.TollNumber, actual.TollNumber);
            Assert.Equal(expected.TollFreeNumbers, actual.TollFreeNumbers);
            Assert.Equal(expected.DialInUrl, actual.DialInUrl);
            Assert.Equal(expected.MeetingId, actual.MeetingId);
            Assert.Equal(expected.Passcode, actual.Passcode);
            Assert.Equal(expected.MeetingOptionsUrl, actual.MeetingOptionsUrl);
            Assert.Equal(expected.ResetPinUrl, actual.ResetPinUrl);
            Assert.Equal(expected.VideoConferencing?.ToString(), actual.VideoConferencing?.ToString());
        }
    }
}
