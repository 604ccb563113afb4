using MeetingMigration.Reliability.Infrastructure;

namespace MeetingMigration.Reliability.Audit;

/// <summary>
/// What the organizers' calendars hold at one moment, read through Graph: the body of every event each organizes (single
/// meetings and series masters) and of every exception of its series (an occurrence edited or moved on its own), with the
/// series each exception belongs to. Compared byte for byte, snapshot against snapshot.
/// </summary>
public sealed class CalendarSnapshot
{
    /// <summary>
    /// One event; MasterId is its series' for an exception, null otherwise. Recipients: whom Exchange mails its updates
    /// (each attendee once, not the organizer).
    /// </summary>
    public sealed record Item(string Mailbox, string Id, string ICalUId, string Type, string Body, string? MasterId, IReadOnlyList<string> Recipients)
    {
        public bool IsSeries => Type == "seriesMaster";
    }

    private CalendarSnapshot(Dictionary<(string, string), Item> items) => Items = items;

    /// <summary>By (mailbox in lower case, event id).</summary>
    public IReadOnlyDictionary<(string Mailbox, string Id), Item> Items { get; }

    public Item? Find(string mailbox, string id) => Items.GetValueOrDefault((mailbox.ToLowerInvariant(), id));

    /// <summary>The exceptions of a series, as listed when the snapshot was taken.</summary>
    public IEnumerable<Item> ExceptionsOf(Item series) => Items.Values.Where(i => i.MasterId == series.Id && i.Mailbox == series.Mailbox);

    public static async Task<CalendarSnapshot> TakeAsync(SandboxProcess sandbox, IEnumerable<string> mailboxes)
    {
        var now = DateTime.UtcNow;
        var items = new Dictionary<(string, string), Item>();
        foreach (var mailbox in mailboxes.Select(m => m.ToLowerInvariant()))
        {
            foreach (var e in await sandbox.OrganizedEventsAsync(mailbox))
            {
                items[(mailbox, e.Id)] = new Item(mailbox, e.Id, e.ICalUId, e.Type, e.Body, null, Recipients(mailbox, e));
                if (e.Type != "seriesMaster") continue;
                // Past exceptions too: Exchange re-sends every exception of a series its organizer updates, past or not. Two
                // windows, since Graph lists at most 1,825 days of instances at a time.
                var instances = (await sandbox.InstancesAsync(mailbox, e.Id, now.AddDays(-1825), now))
                    .Concat(await sandbox.InstancesAsync(mailbox, e.Id, now, now.AddDays(1825)));
                foreach (var x in instances)
                {
                    if (x.Type != "exception") continue;
                    var full = await sandbox.EventAsync(mailbox, x.Id);
                    items[(mailbox, x.Id)] = new Item(mailbox, x.Id, full.ICalUId, x.Type, full.Body, e.Id, Recipients(mailbox, full));
                }
            }
        }
        return new CalendarSnapshot(items);
    }

    private static IReadOnlyList<string> Recipients(string organizer, SandboxProcess.MailboxEvent e) =>
        e.Attendees.Where(a => a != organizer).Distinct().ToList();
}
