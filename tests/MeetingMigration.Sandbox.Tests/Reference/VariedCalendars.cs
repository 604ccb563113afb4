using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Sandbox.Tests.Reference;

/// <summary>
/// A sandbox state holding every kind of item the readers have to show: a generated tenant (series, Teams and Skype
/// meetings, attendee copies, exceptions) plus what the generator never makes: zones with daylight saving time (start and
/// end in different zones), every recurrence pattern, cancelled and edited occurrences, all-day items, text bodies,
/// attendee response times, categories, extended properties, non-ASCII text and ids.
/// </summary>
internal static class VariedCalendars
{
    public static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    public const string Zoe = "zoe@contoso.test";
    public const string Yann = "yann@contoso.test";
    public const string MarkerId = "String {7b0c5e2a-3f4d-4c8e-9a61-2d5b8f0e4c17} Name MeetingMigration";

    public static SandboxState Create()
    {
        var state = new SandboxState();
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions
        {
            Users = 6, MeetingsPerUser = 40, Seed = 11, Now = new DateTimeOffset(Now), SeriesExceptionFraction = 0.5,
        });
        new InProcessSandboxSeeder(state).SeedAsync(tenant).GetAwaiter().GetResult();

        state.AddUser(Zoe, "Zoë \"Z\" Ünicode — 会议");
        state.AddUser(Yann, "Yann");
        var patterns = new (string Type, JsonObject Pattern, JsonObject Range)[]
        {
            ("daily", new JsonObject { ["type"] = "daily", ["interval"] = 2 }, new JsonObject { ["type"] = "noEnd", ["startDate"] = "2024-01-01" }),
            ("weekly", new JsonObject { ["type"] = "weekly", ["interval"] = 1, ["daysOfWeek"] = new JsonArray("monday", "thursday"), ["firstDayOfWeek"] = "monday" },
                new JsonObject { ["type"] = "endDate", ["startDate"] = "2025-10-20", ["endDate"] = "2027-04-01" }),
            ("biweekly", new JsonObject { ["type"] = "weekly", ["interval"] = 2, ["daysOfWeek"] = new JsonArray("sunday", "wednesday", "saturday") },
                new JsonObject { ["type"] = "numbered", ["startDate"] = "2026-02-04", ["numberOfOccurrences"] = 40 }),
            ("absoluteMonthly", new JsonObject { ["type"] = "absoluteMonthly", ["interval"] = 1, ["dayOfMonth"] = 31 },
                new JsonObject { ["type"] = "noEnd", ["startDate"] = "2025-01-31" }),
            ("relativeMonthly", new JsonObject { ["type"] = "relativeMonthly", ["interval"] = 2, ["daysOfWeek"] = new JsonArray("tuesday"), ["index"] = "last" },
                new JsonObject { ["type"] = "numbered", ["startDate"] = "2025-06-01", ["numberOfOccurrences"] = 12 }),
            ("absoluteYearly", new JsonObject { ["type"] = "absoluteYearly", ["interval"] = 1, ["month"] = 2, ["dayOfMonth"] = 29 },
                new JsonObject { ["type"] = "noEnd", ["startDate"] = "2024-02-29" }),
            ("relativeYearly", new JsonObject { ["type"] = "relativeYearly", ["interval"] = 1, ["month"] = 11, ["daysOfWeek"] = new JsonArray("thursday"), ["index"] = "fourth" },
                new JsonObject { ["type"] = "endDate", ["startDate"] = "2023-01-01", ["endDate"] = "2030-12-31" }),
        };
        var hour = 8;
        foreach (var (name, pattern, range) in patterns)
        {
            var start = DateTime.Parse(range["startDate"]!.GetValue<string>()).AddHours(hour++);
            state.ImportEvent(Zoe, Json(new JsonObject
            {
                ["subject"] = $"Série {name} \"quoted\" 👋🏽",
                ["body"] = new JsonObject { ["contentType"] = name.Length % 2 == 0 ? "text" : "html", ["content"] = $"<p>Agenda {name}</p>\r\n\t<b>bold</b> &amp; more" },
                // Wall-clock times in zones with daylight saving time, the end in another zone than the start.
                ["start"] = new JsonObject { ["dateTime"] = start.ToString("yyyy-MM-ddTHH:mm:ss"), ["timeZone"] = "Europe/Berlin" },
                ["end"] = new JsonObject { ["dateTime"] = start.AddHours(-5.5).ToString("yyyy-MM-ddTHH:mm:ss"), ["timeZone"] = "America/New_York" },
                ["location"] = new JsonObject { ["displayName"] = "Salle 3 — café" },
                ["categories"] = new JsonArray("Red category", "Blue"),
                ["importance"] = "high",
                ["sensitivity"] = "private",
                ["showAs"] = "oof",
                ["transactionId"] = "tx-" + name,
                ["attendees"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "optional",
                        ["status"] = new JsonObject { ["response"] = "accepted", ["time"] = "2026-01-05T10:11:12.1234567Z" },
                        ["emailAddress"] = new JsonObject { ["name"] = "Yann", ["address"] = Yann },
                    },
                    new JsonObject { ["type"] = "resource", ["emailAddress"] = new JsonObject { ["address"] = "room@fabrikam.test" } }),
                ["singleValueExtendedProperties"] = new JsonArray(new JsonObject { ["id"] = MarkerId, ["value"] = "0|fp-" + name }),
                ["recurrence"] = new JsonObject { ["pattern"] = pattern, ["range"] = range },
            }));
        }
        state.ImportEvent(Zoe, Json(new JsonObject
        {
            ["id"] = "évènement-ünicode-1",
            ["subject"] = null,
            ["isOrganizer"] = false,
            ["organizer"] = new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = "Ext", ["address"] = "ext@fabrikam.test" } },
            ["isAllDay"] = true,
            ["start"] = new JsonObject { ["dateTime"] = "2026-05-01T00:00:00", ["timeZone"] = "UTC" },
            ["end"] = new JsonObject { ["dateTime"] = "2026-05-02T00:00:00", ["timeZone"] = "UTC" },
            ["onlineMeeting"] = new JsonObject
            {
                ["joinUrl"] = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0", ["conferenceId"] = "123",
                ["tollNumber"] = "+1 206", ["tollFreeNumbers"] = new JsonArray("+1 800"), ["quickDial"] = "+1 206,,123#",
            },
            ["onlineMeetingProvider"] = "teamsForBusiness",
            ["isCancelled"] = true,
        }));
        state.ImportEvent(Zoe, Json(new JsonObject
        {
            ["subject"] = "Zero length",
            ["start"] = new JsonObject { ["dateTime"] = "2026-06-01T10:00:00.1234567", ["timeZone"] = "UTC" },
            ["end"] = new JsonObject { ["dateTime"] = "2026-06-01T10:00:00.1234567", ["timeZone"] = "UTC" },
        }));

        // Cancel and edit occurrences of Zoe's daily series through the Graph operations.
        lock (state.Sync)
        {
            var zoe = state.FindUserLocked(Zoe)!;
            var daily = state.TopLevelEventsLocked(zoe)[0];
            var occurrences = state.InstancesLocked(daily, Now, Now.AddDays(30));
            state.DeleteEventLocked(zoe, occurrences[1].Id);
            state.UpdateEventLocked(zoe, occurrences[3].Id, new EventChanges { SubjectSet = true, Subject = "Edited occurrence" }, null);
            state.UpdateEventLocked(zoe, occurrences[5].Id, new EventChanges
            {
                Start = TimeZones.Parse("2026-03-20T18:00:00", "Asia/Kolkata"), End = TimeZones.Parse("2026-03-20T19:00:00", "Asia/Kolkata"),
            }, null);
        }
        return state;
    }

    private static string Json(JsonObject o) => o.ToJsonString();

    /// <summary>Every way the tests render: all properties, the engine's summaries, other zones, body types and expansions.</summary>
    public static IEnumerable<(string Name, Func<EventRenderOptions> Options)> RenderOptions()
    {
        yield return ("all properties", () => new EventRenderOptions());
        yield return ("engine summary", () => new EventRenderOptions
        {
            Select = Select("id,subject,start,end,type,seriesMasterId,isOrganizer,isCancelled,isOnlineMeeting,onlineMeetingProvider,onlineMeetingUrl"),
        });
        yield return ("occurrence fields", () => new EventRenderOptions
        {
            Select = Select("originalStart,iCalUId,webLink,recurrence,seriesMasterId,type,createdDateTime,lastModifiedDateTime,changeKey,bodyPreview"),
        });
        yield return ("Berlin time, text body", () => new EventRenderOptions { Zone = TimeZones.Find("Europe/Berlin")!, ZoneName = "Europe/Berlin", BodyType = "text" });
        yield return ("Pacific time, html body, all extended", () => new EventRenderOptions
        {
            Zone = TimeZones.Find("America/Los_Angeles")!, ZoneName = "America/Los_Angeles", BodyType = "html", ExpandAllExtended = true,
        });
        yield return ("marker expanded", () => new EventRenderOptions
        {
            Select = Select("subject,body"), ExpandExtendedKeys = new List<string> { ExtendedPropertySet.Key(MarkerId), "string {00000000-0000-0000-0000-000000000000} name none" },
        });
    }

    private static HashSet<string> Select(string names) => new(names.Split(','), StringComparer.OrdinalIgnoreCase);

    public static string Text(byte[] json) => Encoding.UTF8.GetString(json);
}
