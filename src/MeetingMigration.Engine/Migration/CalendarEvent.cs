using System;

namespace MeetingMigration.Engine.Migration
{
    /// <summary>The part of a Graph event the migration reads; the engine's own type, so no Graph SDK type leaks upward.</summary>
    public sealed class CalendarEvent
    {
        public string Id { get; set; } = "";
        /// <summary>The @odata.etag, sent back as If-Match so a PATCH never overwrites a change made since the read.</summary>
        public string? ETag { get; set; }
        public string Subject { get; set; } = "";
        public DateTime? StartUtc { get; set; }
        public DateTime? EndUtc { get; set; }
        /// <summary>singleInstance, occurrence, exception or seriesMaster.</summary>
        public string Type { get; set; } = "singleInstance";
        public string? SeriesMasterId { get; set; }
        public bool IsOrganizer { get; set; }
        public bool IsCancelled { get; set; }
        public bool IsOnlineMeeting { get; set; }
        /// <summary>unknown, teamsForBusiness, skypeForBusiness, skypeForConsumer.</summary>
        public string? OnlineMeetingProvider { get; set; }
        public string? JoinUrl { get; set; }
        public string? OnlineMeetingUrl { get; set; }
        public bool BodyIsHtml { get; set; } = true;
        public string Body { get; set; } = "";
        /// <summary>
        /// Why the body's text could not be read as it is (then <see cref="Body"/> is empty): such a meeting is refused,
        /// never written back with the text changed.
        /// </summary>
        public string? BodyUnreadable { get; set; }
        /// <summary>Attendees plus the organizer: MMS skips meetings where this exceeds 250.</summary>
        public int ParticipantCount { get; set; }
        /// <summary>
        /// The format Exchange stores the body in, read with the event (calendar pages carry it too): a page's tells the event's
        /// read which body type to ask for; the read's own decides whether the body it got is the stored one.
        /// </summary>
        public StoredBodyFormat StoredBodyFormat { get; set; }
        /// <summary>Our migration marker on the event (correlation id and new-block fingerprint), when present.</summary>
        public string? Marker { get; set; }
        /// <summary>
        /// Read from a calendar page, which carries no body, attendees or marker: enough to tell whether the event is in
        /// scope, never enough to change it. MeetingSelection.Decide refuses summaries, so none is ever migrated. An
        /// occurrence's summary carries its series master's id as <see cref="Id"/> (the series is what is read and changed)
        /// and no <see cref="ETag"/>.
        /// </summary>
        public bool IsSummary { get; set; }

        /// <summary>
        /// A single meeting or occurrence that has ended by <paramref name="nowUtc"/>. Never a series master: its start and
        /// end are its first occurrence's, so whether a series is over is a question for Graph (its instances).
        /// </summary>
        public bool HasEndedBy(DateTime nowUtc) => Type != "seriesMaster" && (EndUtc ?? StartUtc) < nowUtc;

        /// <summary>
        /// Begun by then (or without a start): the migration's page rule (<see cref="MeetingSelection.OutOfScopeByPage"/>) and
        /// the undo's. Never a series master, whose start is its first occurrence's.
        /// </summary>
        public bool HasBegunBy(DateTime nowUtc) => Type != "seriesMaster" && (StartUtc == null || StartUtc <= nowUtc);
    }
}
