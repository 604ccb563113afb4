using System;

namespace MeetingMigration.Engine.Undo
{
    /// <summary>
    /// What an undo replaced by a later migration of its user says of that migration: written when the migration is queued
    /// (the store ends the undo, if no worker is running it) or when a running undo finds it before its next meeting
    /// (UndoProcessor), and found again by that text when the migration is stopped before it ran.
    /// </summary>
    internal static class UndoReplacement
    {
        public static string ByMigration(Guid migration) => $"It was replaced by request {migration:D}, a migration queued after it";

        /// <summary>
        /// Said after "… writes again the meetings it had put back" when the migration selects only some of them: the others
        /// keep the earlier details (an outside re-probe: a Teams-only Start replaced the undo, and the Skype meetings it had
        /// put back were never written again while the message said they would be).
        /// </summary>
        public static string Narrower(Model.SourceMeetingType source) => source == Model.SourceMeetingType.All ? ""
            : $" (only those it selects, SourceMeetingType {source}: the others keep the earlier details until Start-CsExMeetingMigration -SourceMeetingType All runs)";
    }
}
