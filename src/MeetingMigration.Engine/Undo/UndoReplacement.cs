using System;

namespace MeetingMigration.Engine.Undo
{
    /// <summary>
    /// What an undo replaced by a later migration of its user says of that migration: written when the migration is queued
    /// (the store ends the undo, if no worker is running it) or when a running undo finds it before its next meeting
    /// (UndoProcessor), and found again by that text when the migration is stopped before it ran. So is what an undo says
    /// of a migration of one kind it left meetings to.
    /// </summary>
    internal static class UndoReplacement
    {
        public static string ByMigration(Guid migration) => $"It was replaced by request {migration:D}, a migration queued after it";

        /// <summary>How an undo names a migration of one kind queued after it that it left meetings to (UndoProcessor's summary).</summary>
        public static string LeftTo(Guid migration) => $"left to request {migration:D}";

        /// <summary>How an undo names a migration it queued again for meetings it restored after that migration's selection had run.</summary>
        public static string QueuedAgain(Guid migration) => $"request {migration:D} is queued to write them";
    }
}
