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

        public static Selection Decide(CalendarEvent item, SourceMeetingType source, DateTime nowUtc)
        {
            if (!item.IsOrganizer) return Ignore("the user is not the organizer");
            if (item.IsCancelled) return Ignore("cancelled");
            if (item.Type != "seriesMaster" && (item.StartUtc == null || item.StartUtc <= nowUtc)) return Ignore("already begun");

            var hasOnlineSignal = item.IsOnlineMeeting
                || (item.OnlineMeetingProvider != null && item.OnlineMeetingProvider != "unknown")
                || !string.IsNullOrEmpty(item.OnlineMeetingUrl);
            var scan = BlockScanner.Scan(item.Body, item.BodyIsHtml ? BodyFormat.Html : BodyFormat.Text);
            if (!hasOnlineSignal)
                return Ignore(scan.Status == BlockScanStatus.NotFound ? "not an online meeting" : "block pasted by hand (no online meeting behind it)");

            switch (scan.Status)
            {
                case BlockScanStatus.NotFound:
                    return Ignore("no online-meeting block in the body");
                case BlockScanStatus.Ambiguous:
                case BlockScanStatus.Unbalanced:
                    // Without a block the provider tells the type: a broken block in a meeting of the other type is not
                    // this request's business. (With a block, the block decides: a converted meeting keeps its old provider.)
                    if (source == SourceMeetingType.Teams && item.OnlineMeetingProvider == "skypeForBusiness") return Ignore("not a Teams meeting");
                    if (source == SourceMeetingType.SfB && item.OnlineMeetingProvider == "teamsForBusiness") return Ignore("not a Skype for Business meeting");
                    return new Selection(SelectionVerdict.Fail, scan.Reason ?? "the online-meeting block cannot be delimited with certainty");
            }

            var block = scan.Match!;
            if (source == SourceMeetingType.SfB && block.Kind != MeetingKind.SkypeForBusiness) return Ignore("not a Skype for Business meeting");
            if (source == SourceMeetingType.Teams && block.Kind != MeetingKind.Teams) return Ignore("not a Teams meeting");
            if (item.ParticipantCount > MaxParticipants)
                return new Selection(SelectionVerdict.SkipTooManyAttendees, $"{item.ParticipantCount} participants (more than {MaxParticipants})", block);
            return new Selection(SelectionVerdict.Migrate, "", block);
        }

        private static Selection Ignore(string reason) => new Selection(SelectionVerdict.Ignore, reason);
    }
}
