using System;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>What a caller asks to queue: one user, which meetings, what they become.</summary>
    public sealed class EnqueueRequest
    {
        public EnqueueRequest(UserIdentity user, SourceMeetingType source, TargetMeetingType target)
        {
            User = user;
            Source = source;
            Target = target;
        }

        public UserIdentity User { get; }
        /// <summary>The user's object id when the directory was asked; otherwise resolved when the request runs.</summary>
        public Guid? UserId { get; set; }
        /// <summary>The user's UPN when the directory was asked; otherwise the address given.</summary>
        public string? UserPrincipalName { get; set; }
        public SourceMeetingType Source { get; }
        public TargetMeetingType Target { get; }
        /// <summary>Earliest time the request may run.</summary>
        public DateTime? NotBefore { get; set; }
        public string Trigger { get; set; } = "Start-CsExMeetingMigration";
    }

    public sealed class EnqueueResult
    {
        public EnqueueResult(MigrationRequest request, bool merged)
        {
            Request = request;
            Merged = merged;
        }

        public MigrationRequest Request { get; }
        /// <summary>True when the user already had a Pending request and this one was merged into it.</summary>
        public bool Merged { get; }
    }
}
