using System;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// One row of Get-CsMeetingMigrationStatus, with Microsoft's property names. LastErrorMessage (older docs) and Identity
    /// (2019 docs) are alias properties added by MeetingMigration.Types.ps1xml.
    /// </summary>
    public sealed class MeetingMigrationStatus
    {
        internal MeetingMigrationStatus(MigrationRequest request)
        {
            CorrelationId = request.CorrelationId;
            CreateDate = request.CreateDate;
            ModifiedDate = request.ModifiedDate;
            UserId = request.UserId?.ToString("D") ?? request.UserPrincipalName;
            UserPrincipalName = request.UserPrincipalName;
            MigrationType = request.MigrationType;
            State = request.State;
            RetryCount = request.RetryCount;
            TotalMeeting = request.TotalMeeting;
            SucceededMeeting = request.SucceededMeeting;
            FailedMeeting = request.FailedMeeting;
            InvitesUpdate = request.InvitesUpdate;
            LastMessage = request.LastMessage;
            SourceMeetingType = request.SourceMeetingType;
            TargetMeetingType = request.TargetMeetingType;
            NextRetryTime = request.State == MigrationState.Failed && request.RetryScheduled ? request.NotBefore : (DateTime?)null;
            Trigger = request.Trigger;
            DueTime = request.State == MigrationState.Pending ? request.NotBefore : (DateTime?)null;
        }

        public Guid CorrelationId { get; }
        public DateTime CreateDate { get; }
        public DateTime ModifiedDate { get; }
        /// <summary>The user's object id; the address given to Start-CsExMeetingMigration until the user has been looked up.</summary>
        public string UserId { get; }
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
        /// <summary>When a failed request will be tried again; empty when no retry is scheduled.</summary>
        public DateTime? NextRetryTime { get; }
        /// <summary>What queued the request: Start-CsExMeetingMigration or an automatic trigger; a request that absorbed others lists each.</summary>
        public string Trigger { get; }
        /// <summary>When a Pending request may run (an automatic trigger's settle window ends then); empty once it ran.</summary>
        public DateTime? DueTime { get; }
    }
}
