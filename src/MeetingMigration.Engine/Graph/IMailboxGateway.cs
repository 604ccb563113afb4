using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Users;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>A change to one event: the new body and the migration marker, sent in one request.</summary>
    public sealed class EventPatch
    {
        public string EventId { get; set; } = "";
        /// <summary>If-Match: the PATCH applies only to the version that was read.</summary>
        public string? ETag { get; set; }
        public string Body { get; set; } = "";
        public bool BodyIsHtml { get; set; } = true;
        public string Marker { get; set; } = "";
        /// <summary>
        /// The retry budget this PATCH draws on, shared by every PATCH of one meeting so retries of a throttled write
        /// and the migrator's re-plans never multiply; null gives the call a budget of its own. Not sent to Graph.
        /// </summary>
        public RetryTally? Tally { get; set; }
        /// <summary>Set by the gateway from the answer's request-id header: what the journal records for the audit. Not sent.</summary>
        public string? ResponseRequestId { get; set; }
    }

    public sealed class CalendarPage
    {
        public CalendarPage(IReadOnlyList<CalendarEvent> events, string? nextLink)
        {
            Events = events;
            NextLink = nextLink;
        }

        public IReadOnlyList<CalendarEvent> Events { get; }
        /// <summary>Opaque; followed as given.</summary>
        public string? NextLink { get; }
    }

    public static class MailboxGatewayExtensions
    {
        /// <summary>An event read without a calendar page's word on its body's format: the answer itself tells.</summary>
        public static Task<CalendarEvent?> GetEventAsync(this IMailboxGateway gateway, string mailbox, string eventId, CancellationToken cancellationToken) =>
            gateway.GetEventAsync(mailbox, eventId, StoredBodyFormat.Unknown, cancellationToken);

        /// <summary>Streams the calendar: each page is handed over as it arrives, and the next is fetched only after.</summary>
        /// <param name="firstPage">The first page, when the caller asked for it already (null: asked for here).</param>
        public static async Task ReadCalendarAsync(this IMailboxGateway gateway, string mailbox, DateTime startUtc, DateTime endUtc,
            Task<CalendarPage>? firstPage, Func<IReadOnlyList<CalendarEvent>, Task> onPage, CancellationToken cancellationToken)
        {
            string? next = null;
            do
            {
                var page = firstPage != null
                    ? await firstPage.ConfigureAwait(false)
                    : await gateway.ReadCalendarPageAsync(mailbox, startUtc, endUtc, next, cancellationToken).ConfigureAwait(false);
                firstPage = null;
                await onPage(page.Events).ConfigureAwait(false);
                next = page.NextLink;
            } while (!string.IsNullOrEmpty(next));
        }

        /// <summary>
        /// A series' exceptions between the two instants (its occurrences edited on their own: moved, or given a body of
        /// their own), as summaries; every page of its instances is read.
        /// </summary>
        public static async Task<IReadOnlyList<CalendarEvent>> ReadExceptionsAsync(this IMailboxGateway gateway, string mailbox, string seriesMasterId,
            DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            var exceptions = new List<CalendarEvent>();
            string? next = null;
            do
            {
                var page = await gateway.ReadInstancesPageAsync(mailbox, seriesMasterId, startUtc, endUtc, next, cancellationToken).ConfigureAwait(false);
                foreach (var item in page.Events)
                    if (item.Type == "exception" && !item.IsCancelled) exceptions.Add(item);
                next = page.NextLink;
            } while (!string.IsNullOrEmpty(next));
            return exceptions;
        }
    }

    /// <summary>
    /// What the migration needs from Exchange Online, in the engine's own types. Every failure is a GraphCallException.
    /// GraphMailboxGateway sends each call once; ResilientMailboxGateway, wrapped around it, is the one place that retries.
    /// </summary>
    public interface IMailboxGateway : IUserDirectory
    {
        /// <summary>One page of calendarView (occurrences expanded): the first when nextLink is null, else the page it names.</summary>
        Task<CalendarPage> ReadCalendarPageAsync(string mailbox, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken);
        /// <summary>
        /// One event in full, its body as stored (plain text as text, never Exchange's HTML conversion of it), or null when
        /// it no longer exists. <paramref name="expected"/> is how a calendar page said the body is stored: the body type the
        /// first read asks for; the answer is checked, so a wrong or unknown guess costs a read, never the body's format.
        /// </summary>
        Task<CalendarEvent?> GetEventAsync(string mailbox, string eventId, StoredBodyFormat expected, CancellationToken cancellationToken);
        Task PatchEventAsync(string mailbox, EventPatch patch, CancellationToken cancellationToken);
        /// <summary>
        /// Whether a series has an occurrence that starts between the two instants (Graph's instances of its master, two
        /// asked for: an occurrence under way at the window's start overlaps it too, and does not count): a series master's
        /// own start and end are its first occurrence's, so they cannot tell a series with a meeting ahead from one whose
        /// last occurrence has begun or ended.
        /// </summary>
        Task<bool> HasOccurrenceStartingBetweenAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken);
        /// <summary>
        /// One page of a series' instances between the two instants (Graph's instances of its master: occurrences and
        /// exceptions, cancelled ones left out), as summaries like a calendar page's: the first when nextLink is null, else
        /// the page it names.
        /// </summary>
        Task<CalendarPage> ReadInstancesPageAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken);
        /// <summary>The current dial-in data of the Teams meeting behind a join URL, or null when Graph has no such meeting.</summary>
        /// <remarks>
        /// mailbox (the UPN the calendar calls use) keys the per-mailbox limits; organizerId (the object id) goes in the URL,
        /// as Graph's onlineMeetings API asks. Keying by one of them only would give a mailbox eight slots instead of four.
        /// </remarks>
        Task<ConferencingCoordinates?> GetTeamsCoordinatesAsync(string mailbox, string organizerId, string joinUrl, CancellationToken cancellationToken);
        /// <summary>Creates a Teams meeting for the organizer (Graph onlineMeetings); it mails nobody. Not retried here.</summary>
        /// <summary>
        /// Creates the Teams meeting a converted event will show, or returns the one created before with the same
        /// <paramref name="externalId"/> (Graph's createOrGet): retrying after a lost answer never leaves an orphan meeting.
        /// </summary>
        Task<ConferencingCoordinates> CreateTeamsMeetingAsync(string mailbox, string organizerId, string externalId, string subject, DateTime? startUtc, DateTime? endUtc,
            CancellationToken cancellationToken);
    }
}
