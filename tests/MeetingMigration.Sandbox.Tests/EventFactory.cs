using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Graph.Models;

namespace MeetingMigration.Sandbox.Tests;

// Inside the namespace: the sandbox's internal Attendee (visible to the tests) would win over a using outside it.
using Attendee = Microsoft.Graph.Models.Attendee;

internal static class EventFactory
{
    public static Event Meeting(string subject, DateTime startUtc, params string[] attendees) => new()
    {
        Subject = subject,
        Body = new ItemBody { ContentType = BodyType.Html, Content = "<html><body><p>Agenda for " + subject + "</p></body></html>" },
        Start = new DateTimeTimeZone { DateTime = startUtc.ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
        End = new DateTimeTimeZone { DateTime = startUtc.AddMinutes(30).ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
        Attendees = attendees.Select(a => new Attendee { Type = AttendeeType.Required, EmailAddress = new EmailAddress { Address = a } }).ToList(),
    };

    public static Event Weekly(string subject, DateTime firstStartUtc, int count, params string[] attendees)
    {
        var ev = Meeting(subject, firstStartUtc, attendees);
        ev.Recurrence = new PatternedRecurrence
        {
            Pattern = new RecurrencePattern { Type = RecurrencePatternType.Weekly, Interval = 1, DaysOfWeek = new List<DayOfWeekObject?> { ToGraph(firstStartUtc.DayOfWeek) } },
            Range = new RecurrenceRange { Type = RecurrenceRangeType.Numbered, StartDate = new Microsoft.Kiota.Abstractions.Date(firstStartUtc), NumberOfOccurrences = count },
        };
        return ev;
    }

    public static DayOfWeekObject ToGraph(DayOfWeek d) => d switch
    {
        DayOfWeek.Monday => DayOfWeekObject.Monday,
        DayOfWeek.Tuesday => DayOfWeekObject.Tuesday,
        DayOfWeek.Wednesday => DayOfWeekObject.Wednesday,
        DayOfWeek.Thursday => DayOfWeekObject.Thursday,
        DayOfWeek.Friday => DayOfWeekObject.Friday,
        DayOfWeek.Saturday => DayOfWeekObject.Saturday,
        _ => DayOfWeekObject.Sunday,
    };
}
