using System;
using System.Collections.Generic;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>Which journal rows the audit reads (Get-CsMeetingMigrationDetail); every filter given must match.</summary>
    public sealed class JournalQuery
    {
        /// <summary>The organizer (UPN, SIP address or object id), matched against the requests made for them as well.</summary>
        public UserIdentity? Identity { get; set; }
        public Guid? CorrelationId { get; set; }
        /// <summary>Only these outcomes; null or empty for all.</summary>
        public IReadOnlyCollection<MeetingOutcome>? Outcomes { get; set; }
    }
}
