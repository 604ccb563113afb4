using System;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Migration;

namespace MeetingMigration.Engine.Tests.Migration
{
    /// <summary>Realistic invitation bodies around blocks written by the engine's own renderer.</summary>
    internal static class MeetingBodies
    {
        /// <summary>Text the block is spliced between; full of what a careless rewrite would alter (entities, odd quoting, CRLF, astral characters).</summary>
        public const string Prefix =
            "<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n<style><!-- p {margin:0} --></style></head>\r\n" +
            "<body lang=EN-US style='word-wrap:break-word'>\r\n<p class=MsoNormal>Agenda&nbsp;: caf\u00e9 &amp; cr\u00e8me \U0001F389 &#8212; Q3&lt;Q4</p>\r\n<div>\t<b >bring  numbers</b>\u00a0</div>\n";
        public const string Suffix = "\r\n<p>Notes:\n\t- room 4.01 \u2013 \u6f22\u5b57</p>\r\n<!-- keep me -->\r\n</body></html>  ";

        public static string TeamsJoinUrl(string key) =>
            $"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{key}%40thread.v2/0?context=%7b%22Tid%22%3a%2200000000-1111-2222-3333-444444444444%22%2c%22Oid%22%3a%2255555555-6666-7777-8888-999999999999%22%7d";

        /// <summary>The dial-in data an old invitation shows.</summary>
        public static ConferencingCoordinates StaleTeams(string joinUrl) => new ConferencingCoordinates
        {
            JoinUrl = joinUrl, ConferenceId = "111222333", TollNumber = "+1 555-010-0000", TollFreeNumbers = new[] { "+1 800-555-0000" },
            DialInUrl = "https://dialin.teams.microsoft.com/old", MeetingId = "123456789012", Passcode = "Xy12Zz",
        };

        /// <summary>What Graph reports for the meeting today.</summary>
        public static ConferencingCoordinates FreshTeams(string joinUrl) => new ConferencingCoordinates
        {
            JoinUrl = joinUrl, ConferenceId = "987654321", TollNumber = "+44 20 7946 0999", TollFreeNumbers = new[] { "+44 800 555 0999" },
            DialInUrl = "https://dialin.teams.microsoft.com/new", MeetingId = "123456789012", Passcode = "Xy12Zz",
        };

        public static string TeamsBlock(ConferencingCoordinates coordinates) => BlockRenderer.Render(MeetingKind.Teams, coordinates, BodyFormat.Html);

        public static string Body(string block) => Prefix + block + Suffix;

        public static CalendarEvent TeamsMeeting(string id, string subject, DateTime startUtc, string block, string? joinUrl = null) => new CalendarEvent
        {
            Id = id,
            Subject = subject,
            StartUtc = startUtc,
            EndUtc = startUtc.AddMinutes(30),
            Type = "singleInstance",
            IsOrganizer = true,
            IsOnlineMeeting = true,
            OnlineMeetingProvider = "teamsForBusiness",
            JoinUrl = joinUrl,
            BodyIsHtml = true,
            Body = Body(block),
            ParticipantCount = 5,
        };
    }
}
