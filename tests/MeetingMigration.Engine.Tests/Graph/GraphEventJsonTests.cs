using System;
using System.Linq;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Serialization.Json;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// The engine reads Graph's event JSON itself (GraphEventJson); the SDK's models read the same JSON here, so the two
    /// readings cannot drift apart unnoticed.
    /// </summary>
    public sealed class GraphEventJsonTests
    {
        private const string Marker = MarkerProperty.Id;

        public static TheoryData<string> Events() => new TheoryData<string>
        {
            // A Teams single instance with everything the engine reads, the organizer also listed as an attendee.
            @"{""@odata.etag"":""W/\""DwAAABYAAAA\"""",""id"":""AAMk1"",""subject"":""Weekly sync – Ünïcödé 🎉"",""type"":""singleInstance"",
               ""start"":{""dateTime"":""2031-03-03T15:00:00.0000000"",""timeZone"":""UTC""},""end"":{""dateTime"":""2031-03-03T15:30:00.0000000"",""timeZone"":""UTC""},
               ""isOrganizer"":true,""isCancelled"":false,""isOnlineMeeting"":true,""onlineMeetingProvider"":""teamsForBusiness"",
               ""onlineMeeting"":{""joinUrl"":""https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0""},""onlineMeetingUrl"":null,
               ""body"":{""contentType"":""html"",""content"":""<html><body>Hi &amp; bye<br>\u00a0</body></html>""},
               ""organizer"":{""emailAddress"":{""name"":""Ada"",""address"":""Ada@Contoso.com""}},
               ""attendees"":[{""type"":""required"",""emailAddress"":{""address"":""bob@contoso.com""}},{""type"":""required"",""emailAddress"":{""address"":""ada@contoso.com""}},
                              {""type"":""optional"",""emailAddress"":{""address"":""BOB@contoso.com""}},{""type"":""resource"",""emailAddress"":{""address"":""room1@contoso.com""}}],
               ""singleValueExtendedProperties"":[{""id"":""" + Marker + @""",""value"":""0f5c3a47-4c9b-4f1e-9a55-1d2b3c4d5e6f|abc""}]}",
            // A Skype occurrence with a text body, no etag (a changeKey instead) and no attendees.
            @"{""id"":""AAMk2"",""changeKey"":""DwAAABYAAAB"",""subject"":""Standup"",""type"":""occurrence"",""seriesMasterId"":""AAMkMaster"",
               ""start"":{""dateTime"":""2031-04-01T08:00:00"",""timeZone"":""UTC""},""end"":{""dateTime"":""2031-04-01T08:15:00"",""timeZone"":""UTC""},
               ""isOrganizer"":false,""isCancelled"":true,""isOnlineMeeting"":true,""onlineMeetingProvider"":""skypeForBusiness"",
               ""onlineMeetingUrl"":""https://meet.contoso.com/ada/K7"",""body"":{""contentType"":""text"",""content"":""Join: https://meet.contoso.com/ada/K7\r\n""}}",
            // A series master of an unknown provider, almost nothing set.
            @"{""id"":""AAMk3"",""type"":""seriesMaster"",""onlineMeetingProvider"":""unknown"",""isOnlineMeeting"":false}",
            // An exception with a provider the engine does not know and an empty attendee list.
            @"{""id"":""AAMk4"",""subject"":"""",""type"":""exception"",""onlineMeetingProvider"":""skypeForConsumer"",""attendees"":[],
               ""body"":{""contentType"":""HTML"",""content"":""""}}",
        };

        [Theory]
        [MemberData(nameof(Events))]
        public async Task The_engine_reads_what_the_SDK_reads_from_the_same_JSON(string json)
        {
            var ours = GraphEventJson.Read(json);
            using var stream = new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            var node = await new JsonParseNodeFactory().GetRootParseNodeAsync("application/json", stream);
            var sdk = node.GetObjectValue(Event.CreateFromDiscriminatorValue);

            Assert.NotNull(sdk);
            Assert.Equal(sdk!.Id ?? "", ours.Id);
            Assert.Equal(sdk.Subject ?? "", ours.Subject);
            Assert.Equal(Utc(sdk.Start), ours.StartUtc);
            Assert.Equal(Utc(sdk.End), ours.EndUtc);
            Assert.Equal(sdk.Type switch { EventType.SeriesMaster => "seriesMaster", EventType.Occurrence => "occurrence", EventType.Exception => "exception", _ => "singleInstance" }, ours.Type);
            Assert.Equal(sdk.SeriesMasterId, ours.SeriesMasterId);
            Assert.Equal(sdk.IsOrganizer ?? false, ours.IsOrganizer);
            Assert.Equal(sdk.IsCancelled ?? false, ours.IsCancelled);
            Assert.Equal(sdk.IsOnlineMeeting ?? false, ours.IsOnlineMeeting);
            Assert.Equal(sdk.OnlineMeetingProvider switch
            {
                OnlineMeetingProviderType.TeamsForBusiness => "teamsForBusiness",
                OnlineMeetingProviderType.SkypeForBusiness => "skypeForBusiness",
                OnlineMeetingProviderType.SkypeForConsumer => "skypeForConsumer",
                _ => "unknown",
            }, ours.OnlineMeetingProvider);
            Assert.Equal(sdk.OnlineMeeting?.JoinUrl, ours.JoinUrl);
            Assert.Equal(sdk.OnlineMeetingUrl, ours.OnlineMeetingUrl);
            Assert.Equal(sdk.Body?.ContentType != BodyType.Text, ours.BodyIsHtml);
            Assert.Equal(sdk.Body?.Content ?? "", ours.Body);
            var organizer = sdk.Organizer?.EmailAddress?.Address;
            var people = (sdk.Attendees ?? new()).Select(a => a.EmailAddress?.Address).Where(a => a != null && !string.Equals(a, organizer, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase).Count() + 1;
            Assert.Equal(people, ours.ParticipantCount);
            Assert.Equal(sdk.SingleValueExtendedProperties?.FirstOrDefault(p => p.Id == Marker)?.Value, ours.Marker);
            var etag = sdk.AdditionalData.TryGetValue("@odata.etag", out var tag) ? tag?.ToString() : sdk.ChangeKey != null ? $"W/\"{sdk.ChangeKey}\"" : null;
            Assert.Equal(etag, ours.ETag);
        }

        [Fact]
        public void The_organizer_counts_once_and_people_listed_twice_count_once()
        {
            var e = GraphEventJson.Read(@"{""id"":""x"",""organizer"":{""emailAddress"":{""address"":""ada@contoso.com""}},
                ""attendees"":[{""emailAddress"":{""address"":""ADA@contoso.com""}},{""emailAddress"":{""address"":""b@contoso.com""}},{""emailAddress"":{""address"":""B@contoso.com""}},{""emailAddress"":{}}]}");
            Assert.Equal(2, e.ParticipantCount);
        }

        /// <summary>MMS skips meetings with "more than 250 attendees, including the organizer".</summary>
        [Theory]
        [InlineData(249, false, 250, false)]
        [InlineData(250, false, 251, true)]
        [InlineData(250, true, 250, false)]  // the organizer listed among the 250 attendees is not counted twice
        [InlineData(251, true, 251, true)]
        public void The_250_attendee_rule_counts_the_organizer_once(int attendees, bool organizerListed, int participants, bool skipped)
        {
            var others = Enumerable.Range(1, organizerListed ? attendees - 1 : attendees).Select(i => $@"{{""emailAddress"":{{""address"":""p{i}@fabrikam.com""}}}}");
            var list = organizerListed ? others.Append(@"{""emailAddress"":{""address"":""ada@contoso.com""}}") : others;
            var e = GraphEventJson.Read($@"{{""id"":""x"",""organizer"":{{""emailAddress"":{{""address"":""ada@contoso.com""}}}},""attendees"":[{string.Join(",", list)}]}}");

            Assert.Equal(participants, e.ParticipantCount);
            Assert.Equal(skipped, e.ParticipantCount > MeetingSelection.MaxParticipants);
        }

        [Fact]
        public async Task A_page_gives_its_events_in_order_and_its_next_link()
        {
            var json = @"{""@odata.context"":""x"",""value"":[{""id"":""a""},{""id"":""b""}],""@odata.nextLink"":""https://graph.microsoft.com/v1.0/users/x/calendarView?$skip=25""}";
            using var stream = new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            var page = await GraphEventJson.ReadPageAsync(stream, default);
            Assert.Equal(new[] { "a", "b" }, page.Events.Select(e => e.Id));
            Assert.Equal("https://graph.microsoft.com/v1.0/users/x/calendarView?$skip=25", page.NextLink);
        }

        /// <summary>
        /// A summary page is held while its meetings are dispatched (64 mailboxes' at once): an occurrence keeps no id of its
        /// own (its series is what is read), repeated series ids, subjects and URLs are one string each, and no etag is kept.
        /// With Exchange-length ids the service's peak working set at 100,000 meetings was 338 MiB without this, 227 with it.
        /// </summary>
        [Fact]
        public async Task A_summary_page_keeps_one_string_per_series_and_no_occurrence_ids()
        {
            string Summary(string id, string type, string? master, string subject, string url) =>
                $@"{{""@odata.etag"":""W/\""ck-{id}\"""",""id"":""{id}"",""type"":""{type}"",""subject"":""{subject}"",""seriesMasterId"":{(master == null ? "null" : $@"""{master}""")},""isOrganizer"":true,""onlineMeetingUrl"":""{url}"",""start"":{{""dateTime"":""2031-03-03T15:00:00.0000000"",""timeZone"":""UTC""}}}}";
            var json = @"{""value"":[" + string.Join(",",
                Summary("S1_OID_1", "occurrence", "S1", "Weekly", "https://meet.contoso.com/ada/K1"),
                Summary("S2_OID_1", "occurrence", "S2", "Standup", "https://meet.contoso.com/ada/K2"),
                Summary("S1_OID_2", "occurrence", "S1", "Weekly", "https://meet.contoso.com/ada/K1"),
                Summary("X1", "exception", "S1", "Weekly (moved)", "https://meet.contoso.com/ada/K1"),
                Summary("One", "singleInstance", null, "Weekly", "https://meet.contoso.com/ada/K3")) + "]}";
            using var stream = new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            var events = (await GraphEventJson.ReadSummaryPageAsync(stream, default)).Events;

            Assert.All(events, e => Assert.True(e.IsSummary));
            Assert.All(events, e => Assert.Null(e.ETag));
            // An occurrence is known by its series; an exception and a single instance keep their own ids.
            Assert.Equal(new[] { "S1", "S2", "S1", "X1", "One" }, events.Select(e => e.Id));
            Assert.Equal(new[] { "occurrence", "occurrence", "occurrence", "exception", "singleInstance" }, events.Select(e => e.Type));
            Assert.Equal(new[] { "S1", "S2", "S1", "S1", null }, events.Select(e => e.SeriesMasterId));
            // One string for each repeated value of the page.
            Assert.Same(events[0].SeriesMasterId, events[2].SeriesMasterId);
            Assert.Same(events[0].SeriesMasterId, events[3].SeriesMasterId);
            Assert.Same(events[0].Id, events[0].SeriesMasterId);
            Assert.Same(events[0].Subject, events[2].Subject);
            Assert.Same(events[0].Subject, events[4].Subject);
            Assert.Same(events[0].OnlineMeetingUrl, events[3].OnlineMeetingUrl);
            Assert.Equal("Weekly (moved)", events[3].Subject);
        }

        [Fact]
        public async Task An_unpaired_surrogate_marks_the_body_unreadable_and_leaves_the_rest_of_the_page_readable()
        {
            // System.Text.Json can neither read "\ud83d" alone as a string nor write it back (its writer puts U+FFFD there).
            var json = @"{""value"":[" +
                @"{""id"":""a"",""subject"":""Sync \ud83d"",""isOnlineMeeting"":true,""body"":{""contentType"":""html"",""content"":""<p>caf\u00e9 \ud83d</p>""}}," +
                @"{""id"":""b"",""subject"":""Plain"",""body"":{""contentType"":""html"",""content"":""<p>ok \ud83d\ude00</p>""}}]}";
            using var stream = new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

            var page = await GraphEventJson.ReadPageAsync(stream, default);

            var broken = page.Events[0];
            Assert.Equal("", broken.Body);
            Assert.Contains("unpaired UTF-16 surrogate", broken.BodyUnreadable);
            Assert.Equal("Sync \\ud83d", broken.Subject);            // shown with its escape, for messages only
            Assert.Equal("<p>ok \ud83d\ude00</p>", page.Events[1].Body); // a pair is text like any other
            Assert.Null(page.Events[1].BodyUnreadable);
        }

        private static DateTime? Utc(DateTimeTimeZone? value) =>
            value?.DateTime == null ? null : DateTime.SpecifyKind(DateTime.Parse(value.DateTime, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);
    }
}
