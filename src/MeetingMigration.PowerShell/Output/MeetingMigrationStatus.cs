using System;
using MeetingMigration.Engine.Model;
using MeetingMigration.PowerShell.Infrastructure;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// One row of Get-CsMeetingMigrationStatus, with Microsoft's property names. LastErrorMessage (older docs) and Identity
    /// (2019 docs) are alias properties added by MeetingMigration.Types.ps1xml.
    /// Times are local (DateTime of Kind Local), as Get-Date and every built-in cmdlet show them, so what the table shows
    /// is what -StartTime/-EndTime (read as local when no zone is given) compare with; .ToUniversalTime() gives UTC. The
    /// store keeps UTC.
    /// State, MigrationType, SourceMeetingType and TargetMeetingType are the module's public enums
    /// ([MeetingMigration.MigrationState]...), so a script can name the type it compares with.
    /// </summary>
    public sealed class MeetingMigrationStatus
    {
        internal MeetingMigrationStatus(MigrationRequest request)
        {
            CorrelationId = request.CorrelationId;
            CreateDate = Local(request.CreateDate);
            ModifiedDate = Local(request.ModifiedDate);
            // The seed document's Format-Table UserId,LastErrorMessage names the user, as MMS showed it; the directory
            // object id, once the worker has resolved the user, is UserObjectId.
            UserId = request.UserPrincipalName;
            UserObjectId = request.UserId;
            UserPrincipalName = request.UserPrincipalName;
            MigrationType = request.MigrationType.ToPublic();
            State = request.State.ToPublic();
            RetryCount = request.RetryCount;
            TotalMeeting = request.TotalMeeting;
            SucceededMeeting = request.SucceededMeeting;
            FailedMeeting = request.FailedMeeting;
            InvitesUpdate = request.InvitesUpdate;
            LastMessage = request.LastMessage;
            SourceMeetingType = request.SourceMeetingType.ToPublic();
            TargetMeetingType = request.TargetMeetingType.ToPublic();
            NextRetryTime = request.AwaitingRetry ? Local(request.NotBefore) : (DateTime?)null;
            Trigger = request.Trigger;
            DueTime = request.State == Engine.Model.MigrationState.Pending ? Local(request.NotBefore) : (DateTime?)null;
            HeldBy = request.HeldBy;
            HeldUntil = request.HeldUntil is { } until ? Local(until) : (DateTime?)null;
        }

        /// <summary>The store's UTC time as local time (Kind Local, so it converts back to the same instant).</summary>
        private static DateTime Local(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime();

        public Guid CorrelationId { get; }
        public DateTime CreateDate { get; }
        public DateTime ModifiedDate { get; }
        /// <summary>The user: their UPN once looked up in the directory, until then the address given to Start-CsExMeetingMigration.</summary>
        public string UserId { get; }
        /// <summary>The user's directory object id; empty until the user has been looked up (or was queued by object id).</summary>
        public Guid? UserObjectId { get; }
        public string UserPrincipalName { get; }
        public MigrationType MigrationType { get; }
        public MigrationState State { get; }
        public int RetryCount { get; }
        public int TotalMeeting { get; }
        public int SucceededMeeting { get; }
        public int FailedMeeting { get; }
        public int InvitesUpdate { get; }
        public string LastMessage { get; }
        public SourceMeetingType SourceMeetingType { get; }
        public TargetMeetingType TargetMeetingType { get; }
        /// <summary>When a request whose attempt failed will be tried again (it is Pending until then); empty when no retry is scheduled.</summary>
        public DateTime? NextRetryTime { get; }
        /// <summary>What queued the request: Start-CsExMeetingMigration or an automatic trigger; a request that absorbed others lists each.</summary>
        public string Trigger { get; }
        /// <summary>When a Pending request may run (an automatic trigger's settle window ends then, or its retry is due); empty otherwise.</summary>
        public DateTime? DueTime { get; }
        /// <summary>The worker (machine:process:...) running an InProgress request; empty when none holds it.</summary>
        public string? HeldBy { get; }
        /// <summary>
        /// Until when that worker holds it, renewed while it runs. Past: the worker's process ended without finishing
        /// (LastMessage says so); the service or Start-CsExMeetingMigration -Wait resumes it.
        /// </summary>
        public DateTime? HeldUntil { get; }
    }
}
