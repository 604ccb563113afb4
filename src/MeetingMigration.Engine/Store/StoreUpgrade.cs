using System.Collections.Generic;
using MeetingMigration.Engine.Errors;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// A store this process brought from an older schema to its own when it opened it. The admin's session shows it as a
    /// warning and the service logs it: modules and services older than this one refuse the store from then on, and one
    /// that was already running checks the version only when it opens the store, so it goes on with the older format until
    /// it is restarted. An outside probe of a rolling upgrade found the upgrade said nowhere, while an older service still
    /// running went on working on the store.
    /// </summary>
    public sealed class StoreUpgrade
    {
        public StoreUpgrade(string location, int from, int to, IReadOnlyList<string> runningWorkers)
        {
            Location = location;
            From = from;
            To = to;
            RunningWorkers = runningWorkers;
        }

        public string Location { get; }
        public int From { get; }
        public int To { get; }
        /// <summary>The workers holding a live lease on a request when the store was upgraded (older ones among them, maybe).</summary>
        public IReadOnlyList<string> RunningWorkers { get; }

        public string Notice =>
            $"The store at {QuotedValue.Of(Location)} was upgraded from schema version {From} to {To}. MeetingMigration modules and services " +
            "older than this one refuse it from now on; one that was already running goes on with the older format until it is " +
            "restarted: stop every older service and session, upgrade it, and start it again (docs/deployment.md, Upgrading)." +
            (RunningWorkers.Count == 0 ? ""
                : $" Running requests now: {string.Join(", ", RunningWorkers)}; if that is an older version, stop it now.");
    }
}
