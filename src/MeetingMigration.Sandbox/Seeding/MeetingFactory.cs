using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// Builds one meeting from (seed, owner, meeting index) alone, so meetings can be generated in any
/// order and streamed. Each meeting gets one trait; everything else about it is ordinary, which is
/// what makes its expected outcome unambiguous.
/// </summary>
internal sealed class MeetingFactory
{
    private static readonly int[] DurationsMinutes = { 30, 45, 60, 90 };
    private static readonly string[] Responses = { "none", "accepted", "tentativelyAccepted", "declined" };
    private static readonly BlockLayout[] TeamsLayouts =
        { BlockLayout.TeamsLayout1, BlockLayout.TeamsLayout2, BlockLayout.TeamsLayout3, BlockLayout.TeamsLayout4 };
    private static readonly RecurrenceKind[] RecurrenceKinds =
        { RecurrenceKind.Daily, RecurrenceKind.Weekly, RecurrenceKind.AbsoluteMonthly, RecurrenceKind.RelativeMonthly };

    private readonly TenantGeneratorOptions _o;
    private readonly IReadOnlyList<GeneratedUser> _users;
    private readonly Guid _tenantId;

    public MeetingFactory(TenantGeneratorOptions options, IReadOnlyList<GeneratedUser> users, Guid tenantId)
    {
        _o = options;
        _users = users;
        _tenantId = tenantId;
    }

    public SeededMeeting Create(GeneratedUser owner, int meetingIndex)
    {
        // The meeting's shape comes from one stream per (user, position), or per position alone when every user gets the
        // same meetings; who is invited then comes from the user's own stream, so their copies do not pile up in a few mailboxes.
        var rng = DeterministicRandom.For(_o.Seed, 2, _o.SameMeetingsForEveryUser ? 0 : owner.Index, meetingIndex);
        var invitees = _o.SameMeetingsForEveryUser ? DeterministicRandom.For(_o.Seed, 4, owner.Index, meetingIndex) : rng;
        MeetingTrait trait = DrawTrait(rng);
        var language = rng.Chance(0.7) ? owner.Language : InvitationLanguage.Get(rng.Pick(_o.Languages));
        (MeetingKind kind, BlockLayout layout) = DrawKind(rng, trait);
        BodyFormat format = rng.Chance(_o.PlainTextBodyFraction) ? BodyFormat.Text : BodyFormat.Html;
        bool received = trait == MeetingTrait.NotOrganizer;

        // Who organizes: the owner, or someone outside for a received invitation.
        var organizer = received ? ExternalPerson(rng, 0) : new SeedEmailAddress { Name = owner.DisplayName, Address = owner.UserPrincipalName };

        // When.
        var (start, end, recurrence, recurrenceKind, spansNow) = DrawTime(rng, trait);

        // Who attends.
        var (attendees, internalUpns) = DrawAttendees(rng, invitees, trait, owner, received);

        // The block and the body around it.
        BlockContent? block = layout == BlockLayout.None ? null : DrawBlock(rng, owner, language, layout, organizerIsOwner: !received);
        var before = DrawSnippets(rng, rng.Next(0, 4));
        var after = DrawSnippets(rng, rng.Next(0, 3));
        string body = BuildBody(format, kind, layout, block, before, after, blockTwice: trait == MeetingTrait.Ambiguous, received);

        bool online = kind is MeetingKind.SkypeForBusiness or MeetingKind.Teams;
        var ev = new SeedEvent
        {
            ICalUId = ICalUId(rng, owner.Index, meetingIndex),
            Subject = rng.Pick(MeetingSubjects.For(language.Code)),
            Body = new SeedBody { ContentType = format == BodyFormat.Html ? "html" : "text", Content = body },
            Start = Utc(start),
            End = Utc(end),
            Location = DrawLocation(rng, kind, language),
            Organizer = new SeedRecipient { EmailAddress = organizer },
            Attendees = attendees,
            IsOrganizer = !received,
            IsCancelled = trait == MeetingTrait.Cancelled,
            IsOnlineMeeting = online,
            OnlineMeetingProvider = kind switch
            {
                MeetingKind.SkypeForBusiness => "skypeForBusiness",
                MeetingKind.Teams => "teamsForBusiness",
                _ => "unknown",
            },
            OnlineMeeting = online ? new SeedOnlineMeetingInfo
            {
                JoinUrl = block!.JoinUrl,
                ConferenceId = block.ConferenceId,
                TollNumber = block.TollNumber.E164,
                TollFreeNumbers = new List<string> { block.TollFreeNumber.E164 },
            } : null,
            // The Skype service stamps onlineMeetingUrl; Teams leaves it null (invitation-blocks.md §3).
            OnlineMeetingUrl = kind == MeetingKind.SkypeForBusiness ? block!.JoinUrl : null,
            Recurrence = recurrence,
        };

        var seriesOutcome = owner.IsOnPremises ? ExpectedOutcome.SkipOnPremisesMailbox : OutcomeOf(trait);
        var exceptions = recurrence is not null && trait is MeetingTrait.Ordinary or MeetingTrait.Past
            ? DrawExceptions(owner, meetingIndex, ev, start, end - start, format, kind, layout, block, seriesOutcome)
            : Array.Empty<(SeedException, ExceptionExpectation)>();
        if (exceptions.Length > 0) ev.Exceptions = exceptions.Select(x => x.Item1).ToList();

        var scripts = TextScripts.None;
        var outside = new List<string>(before.Count + after.Count);
        foreach (var s in before) { scripts |= s.Scripts; outside.Add(s.Text); }
        foreach (var s in after) { scripts |= s.Scripts; outside.Add(s.Text); }

        var expectation = new EventExpectation
        {
            Mailbox = owner.UserPrincipalName,
            ICalUId = ev.ICalUId,
            Subject = ev.Subject,
            Outcome = seriesOutcome,
            Kind = kind,
            Layout = layout,
            Language = language.Code,
            BodyFormat = format,
            Recurrence = recurrenceKind,
            RecurrenceRange = recurrence?.Range.Type,
            SeriesSpansNow = spansNow,
            AttendeeCount = attendees.Count,
            InternalAttendees = internalUpns,
            Scripts = scripts,
            TextOutsideBlock = outside,
            JoinUrl = block?.JoinUrl,
            MeetingOptionsUrl = kind == MeetingKind.Teams ? block?.MeetingOptionsUrl : null,
            MeetingId = kind == MeetingKind.Teams && layout != BlockLayout.TeamsLayout1 ? block?.MeetingId : null,
            Passcode = kind == MeetingKind.Teams && layout != BlockLayout.TeamsLayout1 ? block?.Passcode : null,
            VideoTenantKey = kind == MeetingKind.Teams && layout != BlockLayout.TeamsLayout1 ? block?.VideoTenantKey : null,
            VideoId = kind == MeetingKind.Teams && layout != BlockLayout.TeamsLayout1 ? block?.VideoId : null,
            CustomizedBlock = block?.Customized ?? false,
            BlockTwice = trait == MeetingTrait.Ambiguous,
            ReceivedCopy = received && format == BodyFormat.Html,
            Exceptions = exceptions.Select(x => x.Item2).ToList(),
        };
        return new SeededMeeting(owner.UserPrincipalName, ev, expectation);
    }

    private static readonly SurroundingText.Snippet[] MovedNotes =
    {
        new("This week only: we start one hour later.", TextScripts.Latin),
        new("Moved by an hour this time – same link & same dial-in.", TextScripts.Latin | TextScripts.HtmlSpecials),
        new("Diese Woche ausnahmsweise eine Stunde später.", TextScripts.Latin),
        new("今週は1時間遅れて始めます。", TextScripts.Cjk),
    };

    /// <summary>
    /// Exceptions of an owner's series, each an occurrence moved one hour later with its own body: the series' block
    /// between other text. One ahead of Now when the series has a future occurrence (migrated on its own), and sometimes
    /// one entirely before Now (skipped as past). Drawn from a random stream of their own, so every other generated value
    /// is what it was before series had exceptions.
    /// </summary>
    private (SeedException, ExceptionExpectation)[] DrawExceptions(GeneratedUser owner, int meetingIndex, SeedEvent ev, DateTime firstStart,
        TimeSpan duration, BodyFormat format, MeetingKind kind, BlockLayout layout, BlockContent? block, ExpectedOutcome seriesOutcome)
    {
        var rng = DeterministicRandom.For(_o.Seed, 3, owner.Index, meetingIndex);
        if (!rng.Chance(_o.SeriesExceptionFraction)) return Array.Empty<(SeedException, ExceptionExpectation)>();
        var now = _o.Now.UtcDateTime;
        var shift = TimeSpan.FromHours(1); // same day: starts are 07:00-17:30 UTC, so no occurrence crosses into the next
        var starts = SeriesDates.Of(ev.Recurrence!).Select(d => d.ToDateTime(TimeOnly.FromDateTime(firstStart))).ToList();
        var future = starts.Where(s => s > now).ToList();
        var past = starts.Where(s => s + shift + duration < now).ToList(); // still wholly past once moved
        var picks = new List<DateTime>();
        if (future.Count > 0) picks.Add(future[rng.Next(Math.Min(3, future.Count))]);
        if (past.Count > 0 && (future.Count == 0 || rng.Chance(0.5))) picks.Add(past[rng.Next(past.Count)]);

        var result = new (SeedException, ExceptionExpectation)[picks.Count];
        for (int i = 0; i < picks.Count; i++)
        {
            var original = picks[i];
            var before = new List<SurroundingText.Snippet> { rng.Pick(MovedNotes) };
            before.AddRange(DrawSnippets(rng, rng.Next(0, 2)));
            var after = DrawSnippets(rng, rng.Next(0, 2));
            var exception = new SeedException
            {
                OriginalStart = original.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture),
                Start = Utc(original + shift),
                End = Utc(original + shift + duration),
                Body = new SeedBody
                {
                    ContentType = ev.Body.ContentType,
                    Content = BuildBody(format, kind, layout, block, before, after, blockTwice: false, received: false),
                },
            };
            var expectation = new ExceptionExpectation
            {
                OriginalStart = new DateTimeOffset(original, TimeSpan.Zero),
                Start = new DateTimeOffset(original + shift, TimeSpan.Zero),
                End = new DateTimeOffset(original + shift + duration, TimeSpan.Zero),
                ICalUId = ev.ICalUId[..32] + $"{original.Year:X4}{original.Month:X2}{original.Day:X2}" + ev.ICalUId[40..],
                Outcome = seriesOutcome == ExpectedOutcome.SkipOnPremisesMailbox ? seriesOutcome
                    : original > now ? ExpectedOutcome.Migrate : ExpectedOutcome.SkipPast,
                TextOutsideBlock = before.Concat(after).Select(x => x.Text).ToList(),
            };
            result[i] = (exception, expectation);
        }
        return result;
    }

    private MeetingTrait DrawTrait(DeterministicRandom rng)
    {
        double u = rng.NextDouble();
        foreach (var (trait, fraction) in new[]
                 {
                     (MeetingTrait.Past, _o.PastFraction), (MeetingTrait.NotOrganizer, _o.NotOrganizerFraction),
                     (MeetingTrait.Pasted, _o.PastedFraction), (MeetingTrait.Cancelled, _o.CancelledFraction),
                     (MeetingTrait.TooManyAttendees, _o.TooManyAttendeesFraction), (MeetingTrait.Ambiguous, _o.AmbiguousFraction),
                     (MeetingTrait.Offline, _o.OfflineFraction),
                 })
        {
            if (u < fraction) return trait;
            u -= fraction;
        }
        return MeetingTrait.Ordinary;
    }

    private static ExpectedOutcome OutcomeOf(MeetingTrait trait) => trait switch
    {
        MeetingTrait.Ordinary => ExpectedOutcome.Migrate,
        MeetingTrait.Past => ExpectedOutcome.SkipPast,
        MeetingTrait.NotOrganizer => ExpectedOutcome.SkipNotOrganizer,
        MeetingTrait.Pasted => ExpectedOutcome.SkipPasted,
        MeetingTrait.Cancelled => ExpectedOutcome.SkipCancelled,
        MeetingTrait.TooManyAttendees => ExpectedOutcome.SkipTooManyAttendees,
        MeetingTrait.Ambiguous => ExpectedOutcome.FailAmbiguous,
        MeetingTrait.Offline => ExpectedOutcome.SkipNotOnlineMeeting,
        _ => throw new ArgumentOutOfRangeException(nameof(trait)),
    };

    private (MeetingKind, BlockLayout) DrawKind(DeterministicRandom rng, MeetingTrait trait)
    {
        if (trait == MeetingTrait.Offline) return (MeetingKind.NoOnlineMeeting, BlockLayout.None);
        BlockLayout layout = rng.Chance(_o.TeamsFraction) ? rng.Pick(TeamsLayouts) : BlockLayout.Skype;
        if (trait == MeetingTrait.Pasted) return (MeetingKind.PastedBlock, layout);
        return (layout == BlockLayout.Skype ? MeetingKind.SkypeForBusiness : MeetingKind.Teams, layout);
    }

    private (DateTime Start, DateTime End, SeedRecurrence? Recurrence, RecurrenceKind Kind, bool SpansNow) DrawTime(DeterministicRandom rng, MeetingTrait trait)
    {
        var now = _o.Now.UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var timeOfDay = new TimeSpan(rng.Next(7, 18), rng.Chance(0.5) ? 30 : 0, 0); // working hours, UTC
        var duration = TimeSpan.FromMinutes(rng.Pick(DurationsMinutes));
        bool past = trait == MeetingTrait.Past;

        if (rng.Chance(_o.RecurringFraction))
        {
            var kind = rng.Pick(RecurrenceKinds);
            var timing = past ? SeriesTiming.Past : rng.Chance(0.4) ? SeriesTiming.SpanningNow : SeriesTiming.Future;
            var plan = RecurrenceFactory.Build(rng, kind, timing, today);
            var start = plan.FirstDate.ToDateTime(TimeOnly.MinValue) + timeOfDay;
            return (start, start + duration, plan.Recurrence, kind, timing == SeriesTiming.SpanningNow);
        }

        // Whole days away from today, so no single meeting is ever near Now (yesterday's end < Now < tomorrow's start).
        int days = past ? -rng.Next(1, 180) : rng.Next(1, 150);
        var single = today.AddDays(days).ToDateTime(TimeOnly.MinValue) + timeOfDay;
        return (single, single + duration, null, RecurrenceKind.None, false);
    }

    /// <param name="who">Draws which colleagues are invited (the same stream as <paramref name="rng"/> unless every user gets the same meetings).</param>
    private (List<SeedAttendee>, IReadOnlyList<string>) DrawAttendees(DeterministicRandom rng, DeterministicRandom who, MeetingTrait trait, GeneratedUser owner, bool received)
    {
        int count = trait == MeetingTrait.TooManyAttendees
            ? rng.Next(TenantGeneratorOptions.MaxPeopleIncludingOrganizer, 401) // plus the organizer: over the limit
            : rng.Chance(_o.AttendeeLimitBoundaryFraction)
                ? TenantGeneratorOptions.MaxPeopleIncludingOrganizer - 1 // exactly at the limit: still migrated
                : rng.Next(1, 13);
        var attendees = new List<SeedAttendee>(count);
        var internalUpns = new List<string>();

        if (received)
        {
            // The mailbox owner is one of the invitees; the sandbox makes no copies for meetings organized outside.
            attendees.Add(Attendee(rng, owner.DisplayName, owner.UserPrincipalName, "required"));
        }
        else
        {
            int internalWanted = Math.Min(Math.Min(4, _users.Count - 1), count);
            int internalCount = internalWanted > 0 ? rng.Next(0, internalWanted + 1) : 0;
            var chosen = new HashSet<int> { owner.Index };
            while (internalUpns.Count < internalCount)
            {
                int i = who.Next(_users.Count);
                if (!chosen.Add(i)) continue;
                internalUpns.Add(_users[i].UserPrincipalName);
                attendees.Add(Attendee(who, _users[i].DisplayName, _users[i].UserPrincipalName, who.Chance(0.8) ? "required" : "optional"));
            }
            if (count < 20 && attendees.Count < count && rng.Chance(0.2))
                attendees.Add(new SeedAttendee
                {
                    Type = "resource",
                    Status = new SeedResponseStatus { Response = "accepted", Time = ResponseTime(rng) },
                    EmailAddress = new SeedEmailAddress { Name = "Room 4.01 (8)", Address = $"room-4-01@{_o.Domain}" },
                });
        }
        for (int k = attendees.Count; k < count; k++)
        {
            var person = count > 20
                ? new SeedEmailAddress { Name = $"Guest {k + 1}", Address = $"guest{k + 1:D4}@{_o.ExternalDomain}" }
                : ExternalPerson(rng, k + 1);
            attendees.Add(Attendee(rng, person.Name!, person.Address, "required"));
        }
        return (attendees, internalUpns);
    }

    private SeedAttendee Attendee(DeterministicRandom rng, string name, string address, string type)
    {
        string response = rng.Pick(Responses);
        return new SeedAttendee
        {
            Type = type,
            Status = new SeedResponseStatus { Response = response, Time = response == "none" ? "0001-01-01T00:00:00Z" : ResponseTime(rng) },
            EmailAddress = new SeedEmailAddress { Name = name, Address = address },
        };
    }

    private string ResponseTime(DeterministicRandom rng) =>
        (_o.Now.UtcDateTime - TimeSpan.FromMinutes(rng.Next(60, 60 * 24 * 30))).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private SeedEmailAddress ExternalPerson(DeterministicRandom rng, int n)
    {
        var p = rng.Pick(PeopleNames.External);
        // n keeps addresses distinct within one meeting even when a name is drawn twice.
        return new SeedEmailAddress { Name = p.DisplayName, Address = $"{p.AliasGiven}.{p.AliasFamily}{n}@{_o.ExternalDomain}" };
    }

    private BlockContent DrawBlock(DeterministicRandom rng, GeneratedUser owner, InvitationLanguage language, BlockLayout layout, bool organizerIsOwner)
    {
        string meetingId = rng.Digits(layout == BlockLayout.TeamsLayout4 ? rng.Next(14, 16) : 12);
        string passcode = rng.Alphanumeric(6);
        Guid organizerId = organizerIsOwner ? owner.ObjectId : rng.NextGuid();
        Guid tenantId = organizerIsOwner ? _tenantId : rng.NextGuid();
        string thread = rng.Alphanumeric(44);
        string joinUrl;
        string dialInUrl;
        string conferenceId;
        if (layout == BlockLayout.Skype)
        {
            string host = organizerIsOwner ? $"join.{_o.Domain}" : $"join.{_o.ExternalDomain}";
            string alias = organizerIsOwner ? owner.Alias : "partner";
            joinUrl = $"https://{host}/meet/{alias}/{rng.Alphanumeric(8).ToUpperInvariant()}";
            dialInUrl = $"https://{host}/dialin";
            conferenceId = organizerIsOwner ? owner.PreviousConferenceId[..7] : rng.Digits(7);
        }
        else
        {
            joinUrl = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + thread + "%40thread.v2/0?context=%7b%22Tid%22%3a%22"
                + tenantId + "%22%2c%22Oid%22%3a%22" + organizerId + "%22%7d";
            conferenceId = organizerIsOwner ? owner.PreviousConferenceId : rng.Digits(9);
            dialInUrl = $"https://dialin.teams.microsoft.com/{rng.NextGuid()}?id={conferenceId}";
        }
        return new BlockContent
        {
            Layout = layout,
            Language = language,
            JoinUrl = joinUrl,
            ShortJoinUrl = layout == BlockLayout.TeamsLayout4 ? $"https://teams.microsoft.com/meet/{meetingId}?p={rng.Alphanumeric(16)}" : null,
            ConferenceId = conferenceId,
            TollNumber = PhoneNumbers.Toll(rng, language.Region),
            TollFreeNumber = PhoneNumbers.TollFree(rng, language.Region),
            DialInUrl = dialInUrl,
            MeetingId = meetingId,
            Passcode = passcode,
            MeetingOptionsUrl = $"https://teams.microsoft.com/meetingOptions/?organizerId={organizerId}&tenantId={tenantId}&threadId=19_meeting_{thread}@thread.v2&messageId=0&language={language.Code}",
            // Cloud Video Interop keys: some tenants use Webex, which must not make the meeting look like a Webex one.
            VideoTenantKey = $"{rng.Digits(9)}@{(rng.Chance(0.5) ? "t.plcm.vc" : "m.webex.com")}",
            VideoId = rng.Digits(10),
            Customized = layout == BlockLayout.Skype && rng.Chance(_o.CustomizedSkypeBlockFraction),
            LocaleTagInHex = rng.Chance(0.3),
            LegacyJoinLabel = layout == BlockLayout.Skype && language.Code == "en-US" && rng.Chance(0.25)
                ? rng.Pick(new[] { "Join Lync Meeting", "Join online meeting" })
                : null,
        };
    }

    private static List<SurroundingText.Snippet> DrawSnippets(DeterministicRandom rng, int count)
    {
        var list = new List<SurroundingText.Snippet>(count);
        for (int i = 0; i < count; i++) list.Add(rng.Pick(SurroundingText.All));
        return list;
    }

    private static string BuildBody(BodyFormat format, MeetingKind kind, BlockLayout layout, BlockContent? block,
        List<SurroundingText.Snippet> before, List<SurroundingText.Snippet> after, bool blockTwice, bool received)
    {
        string blockText = block is null ? ""
            : format == BodyFormat.Html
                ? (layout == BlockLayout.Skype ? SkypeInvitationBlock.Html(block) : TeamsInvitationBlock.Html(block))
                : (layout == BlockLayout.Skype ? SkypeInvitationBlock.Text(block) : TeamsInvitationBlock.Text(block));
        // Skype invitations and anything pasted in Outlook come out of Word; Teams ones out of OWA/Graph.
        bool wordStyle = layout == BlockLayout.Skype || kind is MeetingKind.PastedBlock or MeetingKind.NoOnlineMeeting;
        string body = InvitationBody.Compose(format, wordStyle, new InvitationBody.Parts(before, blockText, after, blockTwice));
        return received && format == BodyFormat.Html ? ReceivedCopy.Transform(body) : body;
    }

    private SeedLocation? DrawLocation(DeterministicRandom rng, MeetingKind kind, InvitationLanguage language)
    {
        string room = "Room 4.01 (8)";
        return kind switch
        {
            MeetingKind.SkypeForBusiness => new SeedLocation { DisplayName = rng.Chance(0.2) ? $"{room}; {language.Labels.SkypeLocation}" : language.Labels.SkypeLocation },
            MeetingKind.Teams => new SeedLocation { DisplayName = rng.Chance(0.2) ? $"{room}; {language.Labels.TeamsLocation}" : language.Labels.TeamsLocation },
            _ => rng.Chance(0.5) ? new SeedLocation { DisplayName = room } : null,
        };
    }

    /// <summary>
    /// Exchange's global object id shape: fixed class id, 4 zero bytes for the instance date (the sandbox
    /// fills them for occurrences), creation time, then data made unique by seed, owner and meeting index.
    /// </summary>
    private string ICalUId(DeterministicRandom rng, int ownerIndex, int meetingIndex) =>
        "040000008200E00074C5B7101A82E008" + "00000000"
        + rng.NextUInt64().ToString("X16", CultureInfo.InvariantCulture) + "0000000000000000" + "10000000"
        + Hex8((uint)_o.Seed) + Hex8((uint)ownerIndex) + Hex8((uint)meetingIndex) + Hex8((uint)rng.NextUInt64());

    private static string Hex8(uint value) => value.ToString("X8", CultureInfo.InvariantCulture);

    private static SeedDateTime Utc(DateTime t) =>
        new() { DateTime = t.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture), TimeZone = "UTC" };
}
