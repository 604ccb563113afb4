using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Blocks;

namespace MeetingMigration.Engine.Migration
{
    /// <summary>
    /// Graph gives a Teams meeting's dial-in details (conference ID, numbers, dial-in page) per meeting, yet with the static
    /// conference ID MMS assumes ("conference ID changed or reset" is a trigger) they are the organizer's, the same for every
    /// meeting. Once two lookups in one attempt agree, the rest of the attempt reuses them instead of asking Graph per
    /// meeting; when two lookups differ (per-meeting IDs), every meeting keeps its own lookup. One lookup settles it when
    /// Graph answers the conference ID the store holds for the organizer: a meeting that uses the organizer's static ID
    /// uses the organizer's bridge, so the rest of their meetings show the same details.
    /// </summary>
    internal sealed class TeamsAudioMemo
    {
        private readonly object _gate = new object();
        private ConferencingCoordinates? _first;
        private bool _agreed;
        private bool _differs;

        /// <summary>
        /// Lookups made while it is not yet known whether the details are shared go one at a time, so the meetings of an
        /// attempt (several run at once) do not all ask before the second answer settles it.
        /// </summary>
        private readonly SemaphoreSlim _undecided = new SemaphoreSlim(1, 1);

        /// <summary>
        /// The dial-in details for one meeting: the shared ones when known, else what <paramref name="lookUp"/> answers
        /// (null: Graph has no such meeting). Join link, meeting ID and passcode are the caller's to fill in.
        /// </summary>
        /// <param name="organizersConferenceId">The static conference ID the store holds for the organizer (null: none known).</param>
        public async Task<ConferencingCoordinates?> ForMeetingAsync(Func<Task<ConferencingCoordinates?>> lookUp, string? organizersConferenceId, CancellationToken cancellationToken)
        {
            if (Shared is { } known) return known;
            if (Decided) return await lookUp().ConfigureAwait(false);
            await _undecided.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Shared is { } settled) return settled;
                if (!Decided)
                {
                    var looked = await lookUp().ConfigureAwait(false);
                    if (looked != null) Observe(looked, organizersConferenceId);
                    return looked;
                }
            }
            finally
            {
                _undecided.Release();
            }
            return await lookUp().ConfigureAwait(false);
        }

        private bool Decided
        {
            get
            {
                lock (_gate) return _agreed || _differs;
            }
        }

        /// <summary>A copy of the organizer's dial-in details once they are known to be shared, else null (look them up).</summary>
        private ConferencingCoordinates? Shared
        {
            get
            {
                lock (_gate) return _agreed ? AudioOf(_first!) : null;
            }
        }

        /// <summary>Records what a lookup answered.</summary>
        private void Observe(ConferencingCoordinates looked, string? organizersConferenceId)
        {
            lock (_gate)
            {
                if (_agreed || _differs) return;
                if (_first == null)
                {
                    _first = AudioOf(looked);
                    _agreed = !string.IsNullOrEmpty(organizersConferenceId) && string.Equals(looked.ConferenceId, organizersConferenceId, StringComparison.Ordinal);
                }
                else if (SameAudio(_first, looked)) _agreed = true;
                else _differs = true;
            }
        }

        /// <summary>The organizer-wide part only: the join link, meeting ID and passcode belong to each meeting.</summary>
        private static ConferencingCoordinates AudioOf(ConferencingCoordinates c) => new ConferencingCoordinates
        {
            ConferenceId = c.ConferenceId,
            TollNumber = c.TollNumber,
            TollFreeNumbers = c.TollFreeNumbers.ToList(),
            DialInUrl = c.DialInUrl,
        };

        private static bool SameAudio(ConferencingCoordinates a, ConferencingCoordinates b) =>
            string.Equals(a.ConferenceId, b.ConferenceId, StringComparison.Ordinal)
            && string.Equals(a.TollNumber, b.TollNumber, StringComparison.Ordinal)
            && string.Equals(a.DialInUrl, b.DialInUrl, StringComparison.Ordinal)
            && a.TollFreeNumbers.SequenceEqual(b.TollFreeNumbers, StringComparer.Ordinal);
    }
}
