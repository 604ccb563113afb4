using System;
using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;

namespace MeetingMigration.Engine.Undo
{
    /// <summary>
    /// The migrations of an undo's user queued after the undo (Start, a dial-in change, a trigger), and what they leave to
    /// it. One that selects every meeting replaces the undo: whatever the undo restored from then on, the migration would
    /// write again. One that selects a kind (Start -SourceMeetingType Teams or SfB, the MovedToTeams trigger) takes from the
    /// undo only the meetings it writes: an outside re-probe found a Teams-only Start stopping an undo, and the Skype
    /// meetings it had put back, or had yet to, kept what they showed for good while every status read as finished.
    /// </summary>
    internal sealed class LaterMigrations
    {
        public static readonly LaterMigrations None = new LaterMigrations(Array.Empty<MigrationRequest>());

        private readonly HashSet<Guid> _ids;
        private readonly HashSet<MeetingKind> _selected;

        /// <param name="later">The user's migrations queued after the undo, in any state (one may have run already).</param>
        public LaterMigrations(IReadOnlyList<MigrationRequest> later)
        {
            Requests = later.OrderBy(r => r.CreateDate).ToList();
            _ids = new HashSet<Guid>(Requests.Select(r => r.CorrelationId));
            _selected = new HashSet<MeetingKind>();
            foreach (var request in Requests)
            {
                _selected.UnionWith(Kinds(request.SourceMeetingType));
                // The first that, with those before it, selects every kind: from then on nothing is the undo's to write.
                if (Replacing == null && _selected.Count == AllKinds.Length) Replacing = request;
            }
        }

        public IReadOnlyList<MigrationRequest> Requests { get; }

        /// <summary>The migration that takes every meeting from the undo (alone, or with narrower ones before it), or null.</summary>
        public MigrationRequest? Replacing { get; }

        public bool Contains(Guid correlationId) => _ids.Contains(correlationId);

        /// <summary>
        /// Whether a later migration writes the meeting after the undo: one of the kinds they select both now (left alone,
        /// the meeting is written by them) and once restored (put back, it would be written again, its attendees mailed twice).
        /// A meeting converted by the undone migration (Skype for Business then, Teams now) is restored when only one of the
        /// two is selected: the undo and then the migration, as they were queued.
        /// </summary>
        public bool WriteAfterUndo(MeetingKind now, MeetingKind restored) => _selected.Contains(now) && _selected.Contains(restored);

        /// <summary>Whether <paramref name="migration"/> selects meetings of <paramref name="kind"/>.</summary>
        public static bool Selects(MigrationRequest migration, MeetingKind kind) => Kinds(migration.SourceMeetingType).Contains(kind);

        /// <summary>The later migration that selects <paramref name="kind"/> (the first queued), for the undo to name.</summary>
        public MigrationRequest? Selecting(MeetingKind kind) => Requests.FirstOrDefault(r => Selects(r, kind));

        private static readonly MeetingKind[] AllKinds = (MeetingKind[])Enum.GetValues(typeof(MeetingKind));

        /// <summary>The block kinds a migration selects, as MeetingSelection decides them.</summary>
        private static IEnumerable<MeetingKind> Kinds(SourceMeetingType source) => source switch
        {
            SourceMeetingType.Teams => new[] { MeetingKind.Teams },
            SourceMeetingType.SfB => new[] { MeetingKind.SkypeForBusiness },
            _ => AllKinds,
        };
    }
}
