using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace MeetingMigration.Sandbox;

/// <summary>
/// The in-memory tenant: users, their mailboxes' events, registered Teams meetings and the meeting messages "sent".
/// One lock guards everything; only state work runs under it (bodies are parsed before it, answers written after it from
/// snapshots), so contention stays far below the HTTP cost.
/// In-process callers (seeders, tests) use the public methods; the Graph handlers use the internal ones.
/// </summary>
public sealed partial class SandboxState
{
    internal readonly Lock Sync = new();

    private readonly Dictionary<string, UserRecord> _usersByKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, UserRecord> _usersById = new();
    private readonly List<UserRecord> _usersInOrder = new();
    private readonly Dictionary<string, MailboxStore> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, EventRecord> _eventsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OnlineMeetingRecord> _meetingsByJoinUrl = new(StringComparer.Ordinal);
    /// <summary>createOrGet's memory: an organizer's externalId names one meeting for good.</summary>
    private readonly Dictionary<(Guid Organizer, string ExternalId), OnlineMeetingRecord> _meetingsByExternalId = new();
    private readonly List<NotificationRecord> _notifications = new();
    private readonly Interner _interner = new();
    private long _directoryVersion;

    /// <summary>The tenant id placed into Teams join URLs.</summary>
    public Guid TenantId { get; } = Guid.NewGuid();

    internal SandboxStats Stats { get; } = new();

    private sealed class MailboxStore
    {
        public readonly List<EventRecord> TopLevel = new();
    }

    /// <summary>Empties the tenant (users, events, meetings, notifications). Limits, faults and stats are kept.</summary>
    public void Reset()
    {
        lock (Sync)
        {
            _usersByKey.Clear();
            _usersById.Clear();
            _usersInOrder.Clear();
            _mailboxes.Clear();
            _eventsById.Clear();
            _meetingsByJoinUrl.Clear();
            _meetingsByExternalId.Clear();
            _notifications.Clear();
            _interner.Clear();
            _directoryVersion = 0;
        }
    }

    // ---------- users ----------

    /// <summary>Creates a user with a mailbox. The UPN doubles as the mail address.</summary>
    public UserRecord AddUser(string userPrincipalName, string? displayName = null, Guid? id = null,
        MailboxLocation location = MailboxLocation.Cloud, ConferencingSettings? conferencing = null)
    {
        if (string.IsNullOrWhiteSpace(userPrincipalName) || !userPrincipalName.Contains('@'))
            throw new ArgumentException("A userPrincipalName of the form name@domain is required.", nameof(userPrincipalName));
        lock (Sync)
        {
            if (_usersByKey.ContainsKey(userPrincipalName))
                throw new GraphException(400, "Request_BadRequest", "Another object with the same value for property userPrincipalName already exists.");
            var user = new UserRecord
            {
                Id = id ?? Guid.NewGuid(),
                UserPrincipalName = userPrincipalName,
                DisplayName = displayName ?? userPrincipalName.Split('@')[0],
                Mail = userPrincipalName,
                MailboxLocation = location,
                Conferencing = conferencing,
                Version = ++_directoryVersion,
            };
            if (_usersById.ContainsKey(user.Id))
                throw new GraphException(400, "Request_BadRequest", "Another object with the same id already exists.");
            _usersByKey[user.Key] = user;
            _usersById[user.Id] = user;
            _usersInOrder.Add(user);
            _mailboxes[user.Key] = new MailboxStore();
            return user;
        }
    }

    /// <summary>Finds a user by object id or by UPN/mail (case-insensitive).</summary>
    public UserRecord? FindUser(string idOrUpn)
    {
        lock (Sync) return FindUserLocked(idOrUpn);
    }

    internal UserRecord? FindUserLocked(string idOrUpn)
    {
        if (Guid.TryParse(idOrUpn, out var id)) return _usersById.GetValueOrDefault(id);
        return _usersByKey.GetValueOrDefault(idOrUpn);
    }

    public IReadOnlyList<UserRecord> Users
    {
        get { lock (Sync) return _usersInOrder.ToList(); }
    }

    internal IReadOnlyList<UserRecord> UsersLocked => _usersInOrder;
    internal long DirectoryVersionLocked => _directoryVersion;

    /// <summary>Sets the audio-conferencing coordinates new Teams meetings and onlineMeetings show.</summary>
    public void SetConferencing(string userPrincipalName, ConferencingSettings? settings)
    {
        lock (Sync) RequireUser(userPrincipalName).Conferencing = settings;
    }

    /// <summary>Moves a mailbox; on-premises mailboxes answer calendar calls with 404 MailboxNotEnabledForRESTAPI.</summary>
    public void SetMailboxLocation(string userPrincipalName, MailboxLocation location)
    {
        lock (Sync) RequireUser(userPrincipalName).MailboxLocation = location;
    }

    /// <summary>Emulates an application access policy: calls on this mailbox get 403 ErrorAccessDenied.</summary>
    public void SetAccessDenied(string userPrincipalName, bool denied)
    {
        lock (Sync) RequireUser(userPrincipalName).AccessDenied = denied;
    }

    private UserRecord RequireUser(string idOrUpn) =>
        FindUserLocked(idOrUpn) ?? throw new GraphException(404, "Request_ResourceNotFound",
            $"Resource '{idOrUpn}' does not exist or one of its queried reference-property objects are not present.");

    internal void TouchUserLocked(UserRecord user) => user.Version = ++_directoryVersion;

    // ---------- notifications ----------

    /// <summary>Meeting messages recorded so far, oldest first, optionally filtered (all filters case-insensitive, exact).</summary>
    public IReadOnlyList<NotificationRecord> GetNotifications(string? recipient = null, string? organizer = null,
        string? kind = null, string? iCalUId = null, string? eventId = null)
    {
        lock (Sync)
        {
            return _notifications.Where(n =>
                    (recipient is null || n.Recipient.Equals(recipient, StringComparison.OrdinalIgnoreCase))
                    && (organizer is null || n.Organizer.Equals(organizer, StringComparison.OrdinalIgnoreCase))
                    && (kind is null || n.Kind.Equals(kind, StringComparison.OrdinalIgnoreCase))
                    && (iCalUId is null || n.ICalUId.Equals(iCalUId, StringComparison.OrdinalIgnoreCase))
                    && (eventId is null || n.EventId.Equals(eventId, StringComparison.Ordinal)))
                .ToList();
        }
    }

    public void ClearNotifications()
    {
        lock (Sync) _notifications.Clear();
    }

    private void NotifyLocked(EventRecord ev, string recipient, string kind, DateTime? occurrenceStartUtc)
    {
        _notifications.Add(new NotificationRecord(_notifications.Count + 1, ev.Id, ev.ICalUId, ev.Organizer.Address, recipient, kind,
            DateTimeOffset.UtcNow, ev.Subject,
            occurrenceStartUtc is { } s ? new DateTimeOffset(DateTime.SpecifyKind(s, DateTimeKind.Utc)) : null));
        Stats.CountNotification();
    }

    // ---------- online meetings ----------

    internal OnlineMeetingRecord? FindMeetingLocked(string joinUrl) => _meetingsByJoinUrl.GetValueOrDefault(joinUrl);

    internal IEnumerable<OnlineMeetingRecord> MeetingsOfLocked(Guid organizerId) =>
        _meetingsByJoinUrl.Values.Where(m => m.OrganizerId == organizerId);

    private void RegisterMeetingLocked(EventRecord ev, UserRecord organizer)
    {
        var joinUrl = ev.OnlineMeeting?.JoinUrl;
        if (string.IsNullOrEmpty(joinUrl) || _meetingsByJoinUrl.ContainsKey(joinUrl)) return;
        _meetingsByJoinUrl[joinUrl] = new OnlineMeetingRecord(NewOnlineMeetingId(organizer), joinUrl, organizer.Id, ev.Subject,
            new DateTimeOffset(ev.Start.Utc), new DateTimeOffset(ev.End.Utc), DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// POST /users/{id}/onlineMeetings: a standalone Teams meeting (no calendar item, so no message to anyone), registered
    /// behind its join URL like the meetings of Teams events.
    /// </summary>
    internal OnlineMeetingRecord CreateOnlineMeetingLocked(UserRecord organizer, string? subject, DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start) throw GraphException.InvalidRequest("The end date time must not be earlier than the start date time.");
        var joinUrl = NewJoinUrl(organizer);
        var meeting = new OnlineMeetingRecord(NewOnlineMeetingId(organizer), joinUrl, organizer.Id, subject, start, end, DateTimeOffset.UtcNow,
            TeamsBlock.RandomDigits(14), TeamsBlock.RandomPasscode());
        _meetingsByJoinUrl[joinUrl] = meeting;
        return meeting;
    }

    /// <summary>POST onlineMeetings/createOrGet: the meeting this organizer created with this externalId, or a new one.</summary>
    internal (OnlineMeetingRecord Meeting, bool Created) CreateOrGetOnlineMeetingLocked(UserRecord organizer, string externalId, string? subject,
        DateTimeOffset start, DateTimeOffset end)
    {
        if (_meetingsByExternalId.TryGetValue((organizer.Id, externalId), out var existing)) return (existing, false);
        var meeting = CreateOnlineMeetingLocked(organizer, subject, start, end);
        _meetingsByExternalId[(organizer.Id, externalId)] = meeting;
        return (meeting, true);
    }

    /// <summary>Online meetings an organizer has (created through Graph or behind imported events), for tests.</summary>
    public int OnlineMeetingCount(Guid organizerId)
    {
        lock (Sync) return MeetingsOfLocked(organizerId).Count();
    }

    private static string NewOnlineMeetingId(UserRecord organizer) =>
        Ids.Base64Url(Guid.NewGuid().ToByteArray()) + Ids.Base64Url(organizer.Id.ToByteArray());

    /// <summary>A classic meetup-join URL: a fresh meeting thread, the tenant and the organizer's object id.</summary>
    private string NewJoinUrl(UserRecord organizer)
    {
        var thread = Ids.Base64Url(Guid.NewGuid().ToByteArray()).Replace("-", "a").Replace("_", "b");
        return "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + thread + "%40thread.v2/0?context=%7b%22Tid%22%3a%22"
            + TenantId + "%22%2c%22Oid%22%3a%22" + organizer.Id + "%22%7d";
    }

    /// <summary>Number of stored events (organizers' items, attendees' copies and exceptions).</summary>
    public int EventCount
    {
        get { lock (Sync) return _eventsById.Count; }
    }
}
