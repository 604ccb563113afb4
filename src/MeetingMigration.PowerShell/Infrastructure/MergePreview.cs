using System;
using System.Collections.Generic;
using System.Linq;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Triggers;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// For Start's -WhatIf: the user's request a line would be merged into or would resume, as queuing does it (the store's
    /// FindPending, then FindStopped). An outside probe previewing a bulk file saw "Queue Teams meetings" for a user whose
    /// Pending SfB request the run widened to All, and "Queue" for a stopped request the run resumed.
    /// </summary>
    internal static class MergePreview
    {
        /// <summary>"; merged into …" or "; resumes …", or "" when the line would queue a request of its own.</summary>
        /// <param name="user">The user's requests, any state.</param>
        /// <param name="storeNow">The store's time: a stopped request is one no worker holds by it.</param>
        /// <param name="source">What the line selects.</param>
        /// <param name="target">What the line converts to.</param>
        public static string Note(IEnumerable<MigrationRequest> user, DateTime storeNow, Engine.Model.SourceMeetingType source, Engine.Model.TargetMeetingType target)
        {
            var migrations = user.Where(r => r.QueuedFor == null && !r.Trigger.Contains(TriggerNames.Undo)).OrderBy(r => r.CreateDate).ToList();
            if (migrations.FirstOrDefault(r => r.State == Engine.Model.MigrationState.Pending && !r.AwaitingRetry) is { } pending)
            {
                var merged = MigrationTypes.Merge(pending.SourceMeetingType, pending.TargetMeetingType, source, target);
                return $"; merged into the Pending request {pending.CorrelationId:D} ({pending.SourceMeetingType} meetings, {pending.MigrationType}), " +
                       $"which then selects {merged.Source} meetings ({MigrationTypes.From(merged.Source, merged.Target)})";
            }
            return migrations.FirstOrDefault(r => r.State == Engine.Model.MigrationState.InProgress && !r.HeldAt(storeNow)
                                                  && r.SourceMeetingType == source && r.TargetMeetingType == target) is { } stopped
                ? $"; resumes the request {stopped.CorrelationId:D}, stopped part-way (its journal skips what it did)"
                : "";
        }
    }
}
