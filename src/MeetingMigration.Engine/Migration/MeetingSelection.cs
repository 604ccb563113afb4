using System;
using MeetingMigration.Engine.Blocks;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Migration
{
    public enum SelectionVerdict
    {
        /// <summary>In scope: the block is rewritten.</summary>
        Migrate,
        /// <summary>Out of scope and not counted (past, not organized by the user, cancelled, hand-pasted, other type).</summary>
        Ignore,
        /// <summary>In scope but skipped by rule and counted: more than 250 participants.</summary>
        SkipTooManyAttendees,
        /// <summary>
        /// In scope by Graph's online-meeting fields, but the body shows no block to rewrite (removed or edited beyond
        /// recognition by its organizer): skipped, journaled and named, as its attendees keep what the body shows.
        /// </summary>
        SkipNoBlock,
        /// <summary>In scope but the block cannot be delimited with certainty: the meeting fails with the reason.</summary>
        Fail,
    }

    public sealed class Selection
    {
        public Selection(SelectionVerdict verdict, string reason, BlockMatch? block = null)
        {
            Verdict = verdict;
            Reason = reason;
            Block = block;
        }

        public SelectionVerdict Verdict { get; }
        public string Reason { get; }
        public BlockMatch? Block { get; }
    }

    /// <summary>
    /// MMS's rules for which meetings a request touches: future meetings the user organizes, not cancelled, scheduled with
    /// the add-in or button (online-meeting signals on the event AND a recognizable block in the body), of the requested
    /// type, with at most 250 participants including the organizer.
    /// </summary>
    public static class MeetingSelection
    {
        public const int MaxParticipants = 250;

        /// <summary>
        /// The rules a calendar page can answer without the body (organizer, cancelled, already begun): the reason the
        /// event is out of scope, or null. The engine reads an event in full only when this is null.
        /// </summary>
        public static string? OutOfScopeByPage(CalendarEvent item, DateTime nowUtc)
        {
            if (!item.IsOrganizer) return "the user is not the organizer";
            if (item.IsCancelled) return "cancelled";
            if (item.HasBegunBy(nowUtc)) return "already begun";
            return null;
        }

        /// <summary>Graph marks the event as an online meeting: without this, a block in the body was pasted by hand.</summary>
        public static bool HasOnlineSignal(CalendarEvent item) =>
            item.IsOnlineMeeting
            || (item.OnlineMeetingProvider != null && item.OnlineMeetingProvider != "unknown")
            || !string.IsNullOrEmpty(item.OnlineMeetingUrl);

        public static Selection Decide(CalendarEvent item, SourceMeetingType source, DateTime nowUtc)
        {
            if (item.IsSummary) throw new InvalidOperationException("A calendar page's summary of an event cannot be judged: read the event first.");
            if (OutOfScopeByPage(item, nowUtc) is string reason) return Ignore(reason);

            var hasOnlineSignal = HasOnlineSignal(item);
            if (item.BodyUnreadable is string unreadable)
                return !hasOnlineSignal ? Ignore("not an online meeting")
                    : TooManyParticipants(item) ?? new Selection(SelectionVerdict.Fail, $"the body cannot be rewritten without changing text outside the block: {unreadable}");
            var scan = BlockScanner.Scan(item.Body, item.BodyIsHtml ? BodyFormat.Html : BodyFormat.Text);
            if (!hasOnlineSignal)
                return Ignore(scan.Status == BlockScanStatus.NotFound ? "not an online meeting" : "block pasted by hand (no online meeting behind it)");

            switch (scan.Status)
            {
                case BlockScanStatus.NotFound:
                    // Graph's fields say online meeting, the body shows no block: named, not left silently (outside probe AD: such
                    // a meeting was in no count, no journal row and no message, its attendees keeping the old details).
                    if (source == SourceMeetingType.Teams && item.OnlineMeetingProvider == "skypeForBusiness") return Ignore("not a Teams meeting");
                    if (source == SourceMeetingType.SfB && item.OnlineMeetingProvider == "teamsForBusiness") return Ignore("not a Skype for Business meeting");
                    return TooManyParticipants(item) ?? new Selection(SelectionVerdict.SkipNoBlock, NoBlockReason);
                case BlockScanStatus.Ambiguous:
                case BlockScanStatus.Unbalanced:
                    // Without a block the provider tells the type: a broken block in a meeting of the other type is not
                    // this request's business. (With a block, the block decides: a converted meeting keeps its old provider.)
                    if (source == SourceMeetingType.Teams && item.OnlineMeetingProvider == "skypeForBusiness") return Ignore("not a Teams meeting");
                    if (source == SourceMeetingType.SfB && item.OnlineMeetingProvider == "teamsForBusiness") return Ignore("not a Skype for Business meeting");
                    // The participant rule skips the meeting whatever its block: failing it would only schedule retries of a
                    // meeting no retry may change.
                    return TooManyParticipants(item) ?? new Selection(SelectionVerdict.Fail, scan.Reason ?? "the online-meeting block cannot be delimited with certainty");
            }

            var block = scan.Match!;
            if (source == SourceMeetingType.SfB && block.Kind != MeetingKind.SkypeForBusiness) return Ignore("not a Skype for Business meeting");
            if (source == SourceMeetingType.Teams && block.Kind != MeetingKind.Teams) return Ignore("not a Teams meeting");
            return TooManyParticipants(item, block) ?? new Selection(SelectionVerdict.Migrate, "", block);
        }

        private static Selection? TooManyParticipants(CalendarEvent item, BlockMatch? block = null) =>
            item.ParticipantCount > MaxParticipants
                ? new Selection(SelectionVerdict.SkipTooManyAttendees, $"{item.ParticipantCount} participants (more than {MaxParticipants})", block)
                : null;

        private static Selection Ignore(string reason) => new Selection(SelectionVerdict.Ignore, reason);

        internal const string NoBlockReason = "Graph marks it an online meeting, but its body shows no online-meeting block to rewrite (removed, or edited beyond recognition): nothing was changed";
    }
}
