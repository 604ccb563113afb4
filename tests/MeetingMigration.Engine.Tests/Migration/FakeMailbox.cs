using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Users;

namespace MeetingMigration.Engine.Tests.Migration
{
    /// <summary>
    /// An in-memory Exchange Online for one tenant: users, calendars with ETags and the migration marker, Teams meetings
    /// behind join links, and hooks that inject the faults the exactly-once logic must survive.
    /// </summary>
    internal sealed class FakeMailbox : IMailboxGateway
    {
        private readonly object _lock = new object();
        private readonly Dictionary<string, DirectoryUser> _users = new Dictionary<string, DirectoryUser>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<CalendarEvent>> _calendars = new Dictionary<string, List<CalendarEvent>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, ConferencingCoordinates> _teamsMeetings = new Dictionary<string, ConferencingCoordinates>(StringComparer.Ordinal);
        private int _etag;

        public int PageSize { get; set; } = 100;
        /// <summary>Thrown by every calendar read (an on-premises mailbox, say).</summary>
        public GraphCallException? CalendarFailure { get; set; }
        /// <summary>Asked before each calendar page is served; an exception returned is thrown instead (Graph gone mid-read).</summary>
        public Func<Exception?>? BeforePage { get; set; }
        /// <summary>Runs before the If-Match check of each PATCH (n is the PATCH's number): a concurrent edit goes here.</summary>
        public Action<EventPatch, int>? BeforePatch { get; set; }
        /// <summary>An exception returned here is thrown instead of applying the PATCH.</summary>
        public Func<EventPatch, int, Exception?>? FailBeforeApply { get; set; }
        /// <summary>An exception returned here is thrown after the PATCH was applied (its answer is lost).</summary>
        public Func<EventPatch, int, Exception?>? FailAfterApply { get; set; }

        /// <summary>An exception returned here (given the join link) is thrown by the Teams coordinates lookup.</summary>
        public Func<string, Exception?>? CoordinatesFailure { get; set; }
        /// <summary>An exception returned here (given the event id and the call number) is thrown by GetEventAsync.</summary>
        public Func<string, int, Exception?>? GetEventFailure { get; set; }

        public List<EventPatch> PatchesSent { get; } = new List<EventPatch>();
        /// <summary>The PATCHes that changed an event: what attendees were mailed about.</summary>
        public List<EventPatch> PatchesApplied { get; } = new List<EventPatch>();
        public Dictionary<string, int> GetEventCalls { get; } = new Dictionary<string, int>();
        public int CreatedTeamsMeetings { get; private set; }

        public Guid AddUser(string upn)
        {
            var id = Guid.NewGuid();
            lock (_lock)
            {
                _users[upn] = new DirectoryUser(id, upn, upn);
                _users[id.ToString("D")] = _users[upn];
                _calendars[upn] = new List<CalendarEvent>();
            }
            return id;
        }

        /// <summary>GetTeamsCoordinatesAsync calls so far.</summary>
        public int CoordinatesLookups { get; private set; }

        public void AddTeamsMeeting(ConferencingCoordinates current)
        {
            lock (_lock) _teamsMeetings[current.JoinUrl!] = current;
        }

        public CalendarEvent Add(string mailbox, CalendarEvent item)
        {
            lock (_lock)
            {
                var stored = Copy(item);
                stored.ETag = NextETag();
                _calendars[mailbox].Add(stored);
                return Copy(stored);
            }
        }

        public CalendarEvent Event(string mailbox, string id)
        {
            lock (_lock) return Copy(_calendars[mailbox].Single(e => e.Id == id));
        }

        /// <summary>Changes an event as its organizer would (a new ETag), without a migration marker.</summary>
        /// <param name="html">The body's format after the edit (an organizer making it HTML or plain text); null keeps it.</param>
        public void Edit(string mailbox, string id, Func<string, string> body, bool? html = null)
        {
            lock (_lock)
            {
                var stored = _calendars[mailbox].Single(e => e.Id == id);
                stored.Body = body(stored.Body);
                if (html != null) stored.BodyIsHtml = html.Value;
                stored.ETag = NextETag();
            }
        }

        /// <summary>Moves an event as its organizer would (a new ETag).</summary>
        public void Reschedule(string mailbox, string id, DateTime startUtc)
        {
            lock (_lock)
            {
                var stored = _calendars[mailbox].Single(e => e.Id == id);
                stored.EndUtc = startUtc + (stored.EndUtc - stored.StartUtc);
                stored.StartUtc = startUtc;
                stored.ETag = NextETag();
            }
        }

        /// <summary>Deletes an event, as its organizer deleting or cancelling the meeting does.</summary>
        public void Delete(string mailbox, string id)
        {
            lock (_lock) _calendars[mailbox].RemoveAll(e => e.Id == id);
        }

        public int PatchesSentTo(string id) { lock (_lock) return PatchesSent.Count(p => p.EventId == id); }
        public int PatchesAppliedTo(string id) { lock (_lock) return PatchesApplied.Count(p => p.EventId == id); }

        private string NextETag() => $"W/\"etag-{++_etag}\"";

        private static CalendarEvent Copy(CalendarEvent e) => new CalendarEvent
        {
            Id = e.Id, ETag = e.ETag, Subject = e.Subject, StartUtc = e.StartUtc, EndUtc = e.EndUtc, Type = e.Type, SeriesMasterId = e.SeriesMasterId,
            IsOrganizer = e.IsOrganizer, IsCancelled = e.IsCancelled, IsOnlineMeeting = e.IsOnlineMeeting, OnlineMeetingProvider = e.OnlineMeetingProvider,
            JoinUrl = e.JoinUrl, OnlineMeetingUrl = e.OnlineMeetingUrl, BodyIsHtml = e.BodyIsHtml, Body = e.Body, ParticipantCount = e.ParticipantCount, Marker = e.Marker,
        };

        /// <summary>What the engine's calendar page carries: no body, attendees or marker.</summary>
        private static CalendarEvent Summary(CalendarEvent e)
        {
            var summary = Copy(e);
            summary.Body = "";
            summary.ParticipantCount = 0;
            summary.Marker = null;
            summary.IsSummary = true;
            return summary;
        }

        private static ConferencingCoordinates Copy(ConferencingCoordinates c) => new ConferencingCoordinates
        {
            JoinUrl = c.JoinUrl, ConferenceId = c.ConferenceId, TollNumber = c.TollNumber, TollFreeNumbers = c.TollFreeNumbers.ToArray(),
            DialInUrl = c.DialInUrl, MeetingId = c.MeetingId, Passcode = c.Passcode,
        };

        /// <summary>Thrown by every directory look-up while set (a refused token, an unreachable endpoint).</summary>
        public Exception? DirectoryFailure { get; set; }

        public async Task<DirectoryUser?> FindAsync(UserIdentity identity, CancellationToken cancellationToken)
        {
            if (DirectoryAnswersAfter != null) await DirectoryAnswersAfter.ConfigureAwait(false);
            if (DirectoryFailure != null) throw DirectoryFailure;
            lock (_lock) return _users.TryGetValue(identity.Value, out var user) ? user : null;
        }

        /// <summary>When set, the directory answers only once this task ends (a slow lookup).</summary>
        public Task? DirectoryAnswersAfter { get; set; }

        /// <summary>The mailbox each calendar page was asked for under, in order.</summary>
        public List<string> PageRequests { get; } = new List<string>();

        /// <summary>Completes when the first calendar page is asked for.</summary>
        public Task FirstPageAsked => _firstPageAsked.Task;
        private readonly TaskCompletionSource<bool> _firstPageAsked = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Another address the directory knows the user by (Graph: an old UPN, or a proxy address) with no mailbox URL of its own.</summary>
        public void AddDirectoryAlias(string alias, string upn)
        {
            lock (_lock) _users[alias] = _users[upn];
        }

        public async Task<CalendarPage> ReadCalendarPageAsync(string mailbox, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken)
        {
            lock (_lock) PageRequests.Add(mailbox);
            _firstPageAsked.TrySetResult(true);
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (CalendarFailure != null) throw CalendarFailure;
            if (BeforePage?.Invoke() is { } failure) throw failure;
            lock (_lock)
            {
                // calendarView: instances only (series masters are not listed), occurrences expanded.
                if (!_calendars.ContainsKey(mailbox)) throw new GraphCallException(404, "ErrorInvalidUser", $"The requested user '{mailbox}' is invalid.");
                // Nothing that starts after the window's end (the horizon); what ended before its start is kept, so the
                // engine's own past-meeting rule is what the tests see.
                var view = _calendars[mailbox].Where(e => e.Type != "seriesMaster" && !(e.StartUtc >= endUtc)).ToList();
                var skip = nextLink == null ? 0 : int.Parse(nextLink.Substring("page:".Length));
                var page = view.Skip(skip).Take(PageSize).Select(Summary).ToList();
                var next = skip + PageSize < view.Count ? $"page:{skip + PageSize}" : null;
                return new CalendarPage(page, next);
            }
        }

        public async Task<CalendarEvent?> GetEventAsync(string mailbox, string eventId, StoredBodyFormat expected, CancellationToken cancellationToken)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            int number;
            lock (_lock) GetEventCalls[eventId] = number = (GetEventCalls.TryGetValue(eventId, out var n) ? n : 0) + 1;
            var failure = GetEventFailure?.Invoke(eventId, number);
            if (failure != null) throw failure;
            lock (_lock)
            {
                var found = _calendars[mailbox].SingleOrDefault(e => e.Id == eventId);
                return found == null ? null : Copy(found);
            }
        }

        /// <summary>Graph's instances: an occurrence or exception of the series overlapping the window.</summary>
        public async Task<bool> HasOccurrenceStartingBetweenAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken)
        {
            await Task.Yield();
            var failure = OccurrenceCheckFailure?.Invoke(seriesMasterId);
            if (failure != null) throw failure;
            lock (_lock) return InstancesLocked(mailbox, seriesMasterId, startUtc, endUtc).Any(o => o.StartUtc >= startUtc);
        }

        /// <summary>An exception returned here (given the series master's id) is thrown by HasOccurrenceStartingBetweenAsync.</summary>
        public Func<string, Exception?>? OccurrenceCheckFailure { get; set; }

        /// <summary>Graph's instances: the series' occurrences and exceptions overlapping the window, cancelled ones left out.</summary>
        private IEnumerable<CalendarEvent> InstancesLocked(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc) =>
            _calendars[mailbox].Where(e => e.SeriesMasterId == seriesMasterId && e.Type != "seriesMaster" && !e.IsCancelled
                                           && (e.EndUtc ?? e.StartUtc) > startUtc && e.StartUtc < endUtc);

        /// <summary>Graph's instances, as summaries, in one page.</summary>
        public async Task<CalendarPage> ReadInstancesPageAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            var failure = InstancesFailure?.Invoke(seriesMasterId);
            if (failure != null) throw failure;
            lock (_lock) return new CalendarPage(InstancesLocked(mailbox, seriesMasterId, startUtc, endUtc).Select(Summary).ToList(), null);
        }

        /// <summary>An exception returned here (given the series master's id) is thrown by ReadInstancesPageAsync.</summary>
        public Func<string, Exception?>? InstancesFailure { get; set; }

        /// <summary>
        /// Moves an occurrence as its organizer would: Exchange makes it an exception that starts as a copy of its series
        /// master's body and properties (the marker too), with a new ETag.
        /// </summary>
        public void MoveOccurrence(string mailbox, string id, DateTime startUtc)
        {
            lock (_lock)
            {
                var stored = _calendars[mailbox].Single(e => e.Id == id);
                var master = _calendars[mailbox].Single(e => e.Id == stored.SeriesMasterId);
                stored.Type = "exception";
                stored.Body = master.Body;
                stored.BodyIsHtml = master.BodyIsHtml;
                stored.Marker = master.Marker;
                stored.EndUtc = startUtc + (stored.EndUtc - stored.StartUtc);
                stored.StartUtc = startUtc;
                stored.ETag = NextETag();
            }
        }

        public async Task PatchEventAsync(string mailbox, EventPatch patch, CancellationToken cancellationToken)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            int number;
            lock (_lock)
            {
                PatchesSent.Add(patch);
                number = PatchesSent.Count;
            }
            BeforePatch?.Invoke(patch, number);
            var before = FailBeforeApply?.Invoke(patch, number);
            if (before != null) throw before;
            lock (_lock)
            {
                var stored = _calendars[mailbox].SingleOrDefault(e => e.Id == patch.EventId)
                             ?? throw new GraphCallException(404, "ErrorItemNotFound", "The specified object was not found in the store.");
                if (patch.ETag != null && patch.ETag != stored.ETag)
                    throw new GraphCallException(412, "ErrorIrresolvableConflict", "The change key passed in the request does not match the current change key for the item.");
                stored.Body = patch.Body;
                stored.BodyIsHtml = patch.BodyIsHtml;
                stored.Marker = patch.Marker;
                stored.ETag = NextETag();
                PatchesApplied.Add(patch);
                patch.ResponseRequestId = $"fake-request-{number}"; // as Graph's request-id header names the write
            }
            var after = FailAfterApply?.Invoke(patch, number);
            if (after != null) throw after;
        }

        public async Task<ConferencingCoordinates?> GetTeamsCoordinatesAsync(string mailbox, string organizerId, string joinUrl, CancellationToken cancellationToken)
        {
            await Task.Yield();
            lock (_lock) CoordinatesLookups++;
            var failure = CoordinatesFailure?.Invoke(joinUrl);
            if (failure != null) throw failure;
            lock (_lock) return _teamsMeetings.TryGetValue(joinUrl, out var found) ? Copy(found) : null;
        }

        /// <summary>Graph's createOrGet: the meeting created before with this externalId, else a new one.</summary>
        private readonly Dictionary<string, ConferencingCoordinates> _byExternalId = new Dictionary<string, ConferencingCoordinates>(StringComparer.Ordinal);

        public async Task<ConferencingCoordinates> CreateTeamsMeetingAsync(string mailbox, string organizerId, string externalId, string subject, DateTime? startUtc, DateTime? endUtc, CancellationToken cancellationToken)
        {
            await Task.Yield();
            lock (_lock)
            {
                if (_byExternalId.TryGetValue(externalId, out var existing)) return Copy(existing);
                CreatedTeamsMeetings++;
                var created = MeetingBodies.FreshTeams(MeetingBodies.TeamsJoinUrl("created" + CreatedTeamsMeetings));
                _teamsMeetings[created.JoinUrl!] = created;
                _byExternalId[externalId] = created;
                return Copy(created);
            }
        }
    }
}
