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

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// An inner gateway that records how many calls are in flight per mailbox and overall, and either holds each call until
    /// the test releases it or fails calls by script.
    /// </summary>
    internal sealed class ProbeGateway : IMailboxGateway
    {
        private readonly object _lock = new object();
        private readonly Dictionary<string, int> _inFlight = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, int> _maxInFlight = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly List<TaskCompletionSource<bool>> _held = new List<TaskCompletionSource<bool>>();
        private int _released;

        /// <summary>When set, every call waits until the test releases it.</summary>
        public bool Hold { get; set; }
        /// <summary>Called with (operation, call number of that operation); an exception it returns is thrown by the call.</summary>
        public Func<string, int, Exception?>? Fail { get; set; }

        public int MaxTotalInFlight { get; private set; }
        public int MaxMailboxesInFlightAtOnce { get; private set; }
        public int Entered { get; private set; }
        public int Completed { get; private set; }
        private readonly Dictionary<string, int> _calls = new Dictionary<string, int>();

        public int Calls(string operation) { lock (_lock) return _calls.TryGetValue(operation, out var n) ? n : 0; }
        public int InFlight(string mailbox) { lock (_lock) return _inFlight.TryGetValue(mailbox, out var n) ? n : 0; }
        public int MaxInFlight(string mailbox) { lock (_lock) return _maxInFlight.TryGetValue(mailbox, out var n) ? n : 0; }
        public int TotalInFlight { get { lock (_lock) return _inFlight.Values.Sum(); } }

        /// <summary>Releases the oldest held call; false when none is waiting to be released.</summary>
        public bool ReleaseOne()
        {
            TaskCompletionSource<bool> gate;
            lock (_lock)
            {
                if (_released >= _held.Count) return false;
                gate = _held[_released++];
            }
            gate.SetResult(true);
            return true;
        }

        /// <summary>Releases held calls one at a time until the given number have completed (a hang guard, not a timing check).</summary>
        public async Task ReleaseUntilCompleted(int total)
        {
            var guard = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                lock (_lock)
                {
                    if (Completed >= total) return;
                }
                if (!ReleaseOne())
                {
                    if (DateTime.UtcNow > guard) throw new TimeoutException($"only {Completed} of {total} calls completed");
                    await Task.Delay(1);
                }
            }
        }

        private async Task<T> Run<T>(string operation, string mailbox, T value)
        {
            int number;
            TaskCompletionSource<bool>? gate = null;
            lock (_lock)
            {
                _calls[operation] = number = (_calls.TryGetValue(operation, out var n) ? n : 0) + 1;
                _inFlight[mailbox] = (_inFlight.TryGetValue(mailbox, out var f) ? f : 0) + 1;
                _maxInFlight[mailbox] = Math.Max(_maxInFlight.TryGetValue(mailbox, out var m) ? m : 0, _inFlight[mailbox]);
                MaxTotalInFlight = Math.Max(MaxTotalInFlight, _inFlight.Values.Sum());
                MaxMailboxesInFlightAtOnce = Math.Max(MaxMailboxesInFlightAtOnce, _inFlight.Count(p => p.Value > 0));
                Entered++;
                if (Hold)
                {
                    gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _held.Add(gate);
                }
            }
            try
            {
                if (gate != null) await gate.Task.ConfigureAwait(false);
                else await Task.Yield();
                var failure = Fail?.Invoke(operation, number);
                if (failure != null) throw failure;
                return value;
            }
            finally
            {
                lock (_lock)
                {
                    _inFlight[mailbox]--;
                    Completed++;
                }
            }
        }

        public Task<DirectoryUser?> FindAsync(UserIdentity identity, CancellationToken cancellationToken) =>
            Run<DirectoryUser?>("find", "*directory*", new DirectoryUser(Guid.NewGuid(), identity.Value, null));

        public Task<CalendarPage> ReadCalendarPageAsync(string mailbox, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken) =>
            Run("read", mailbox, new CalendarPage(Array.Empty<CalendarEvent>(), null));

        public Task<CalendarEvent?> GetEventAsync(string mailbox, string eventId, StoredBodyFormat expected, CancellationToken cancellationToken) =>
            Run<CalendarEvent?>("get", mailbox, new CalendarEvent { Id = eventId });

        public Task PatchEventAsync(string mailbox, EventPatch patch, CancellationToken cancellationToken) =>
            Run("patch", mailbox, true);

        public Task<bool> HasOccurrenceStartingBetweenAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, CancellationToken cancellationToken) =>
            Run("instances", mailbox, true);

        public Task<CalendarPage> ReadInstancesPageAsync(string mailbox, string seriesMasterId, DateTime startUtc, DateTime endUtc, string? nextLink, CancellationToken cancellationToken) =>
            Run("instances", mailbox, new CalendarPage(Array.Empty<CalendarEvent>(), null));

        public Task<ConferencingCoordinates?> GetTeamsCoordinatesAsync(string mailbox, string organizerId, string joinUrl, CancellationToken cancellationToken) =>
            Run<ConferencingCoordinates?>("coordinates", mailbox, new ConferencingCoordinates { JoinUrl = joinUrl });

        public Task<ConferencingCoordinates> CreateTeamsMeetingAsync(string mailbox, string organizerId, string externalId, string subject, DateTime? startUtc, DateTime? endUtc, CancellationToken cancellationToken) =>
            Run("create", mailbox, new ConferencingCoordinates { JoinUrl = "https://teams.microsoft.com/l/meetup-join/new" });
    }
}
