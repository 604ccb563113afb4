using Microsoft.Extensions.Logging;

namespace MeetingMigration.Engine.Migration
{
    /// <summary>
    /// Log event ids a host may route on. The attempt's summary is the line a cmdlet shows under -Verbose; the service logs
    /// the request's end itself with the same counts, so it leaves this one out rather than log every attempt twice
    /// (400,000 lines for 100,000 users, found by an outside probe).
    /// </summary>
    public static class AttemptLogEvents
    {
        public static readonly EventId Summary = new EventId(1100, "AttemptSummary");
    }
}
