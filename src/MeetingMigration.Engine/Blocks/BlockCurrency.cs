using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// Whether a block already shows what a new rendering would: the same details, read by the same reader from both, in
    /// whatever layout and markup. A block Exchange or the Outlook add-in wrote differs from MeetingMigration's rendering in
    /// its markup even when every detail is current; compared as text, such a meeting was "stale", and a migration, the
    /// reconciler or Find | Start rewrote it with the same details and mailed its attendees (outside probe AB: every Teams
    /// meeting an organizer booked after a migration). Conservative: a block the reader cannot read again, another kind, or
    /// any detail that differs (every number shown or dialled, not only the first toll number; every conference ID shown,
    /// not only the dial strings'; every "Find a local number" page) is not current: outside probe AC found blocks an
    /// organizer had edited (a wrong conference ID line, a link dialling an old number, a second dial-in page) kept as current.
    /// </summary>
    public static class BlockCurrency
    {
        public static bool ShowsSameDetails(BlockMatch shown, string newBlock, BodyFormat format)
        {
            var renewed = BlockScanner.Scan(newBlock, format).Match;
            if (renewed == null || renewed.Kind != shown.Kind) return false;
            var (a, b) = (shown.Parsed, renewed.Parsed);
            return Same(a.JoinUrl, b.JoinUrl) && Same(a.ConferenceId, b.ConferenceId) && SameNumber(a.TollNumber, b.TollNumber)
                   && SameNumbers(a.TollFreeNumbers, b.TollFreeNumbers) && SameNumberSet(a.ShownNumbers, b.ShownNumbers)
                   && SameSet(a.ShownConferenceIds, b.ShownConferenceIds) && SameSet(a.ShownDialInPages, b.ShownDialInPages)
                   && Same(a.DialInUrl, b.DialInUrl) && Same(a.MeetingId, b.MeetingId) && Same(a.Passcode, b.Passcode)
                   && Same(a.MeetingOptionsUrl, b.MeetingOptionsUrl) && Same(a.ResetPinUrl, b.ResetPinUrl)
                   && Same(a.VideoConferencing?.ToString(), b.VideoConferencing?.ToString());
        }

        /// <summary>
        /// A cheap first look, before the new block is read again: the conference ID and the numbers a refresh renders against
        /// what the block shows. Where they differ (a migration's usual case) the block is stale and the read is saved; where
        /// this says "may", <see cref="ShowsSameDetails"/> decides. It can only send a meeting to be rewritten, never keep one.
        /// </summary>
        public static bool MayShowSameDetails(BlockMatch shown, ConferencingCoordinates planned) =>
            Same(shown.Parsed.ConferenceId, planned.ConferenceId) && SameNumber(shown.Parsed.TollNumber, planned.TollNumber)
            && SameNumbers(shown.Parsed.TollFreeNumbers, planned.TollFreeNumbers);

        private static bool Same(string? a, string? b) => string.Equals(a ?? "", b ?? "", StringComparison.Ordinal);

        /// <summary>A number as dialled: its digits and a leading '+' (layouts write "+1 425-555-0100" or "+14255550100").</summary>
        private static string Dialled(string? number) => new string((number ?? "").Where(c => (c >= '0' && c <= '9') || c == '+').ToArray());

        private static bool SameNumber(string? a, string? b) => Dialled(a) == Dialled(b);

        private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) => new HashSet<string>(a, StringComparer.Ordinal).SetEquals(b);

        /// <summary>The same numbers, each once: a link's label and its line may show one number twice, differently spaced.</summary>
        private static bool SameNumberSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
            new HashSet<string>(a.Select(Dialled), StringComparer.Ordinal).SetEquals(b.Select(Dialled));

        private static bool SameNumbers(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
            a.Select(Dialled).OrderBy(n => n, StringComparer.Ordinal).SequenceEqual(b.Select(Dialled).OrderBy(n => n, StringComparer.Ordinal));
    }
}
