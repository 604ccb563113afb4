using System.Collections.Generic;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Triggers
{
    /// <summary>What one pass of the license trigger saw and did (for logs and tests).</summary>
    public sealed class LicenseTriggerPass
    {
        /// <summary>The first pass (or a pass after the state was lost): it only records who is licensed.</summary>
        public bool BaselineRecorded { get; set; }
        public bool FullSync { get; set; }
        /// <summary>Users the delta returned.</summary>
        public int UsersRead { get; set; }
        /// <summary>Users whose Audio Conferencing plan was added or removed since the last pass.</summary>
        public List<DirectoryUserChange> Changed { get; } = new List<DirectoryUserChange>();
        /// <summary>Requests queued (or merged into a Pending one) for the changed users.</summary>
        public List<MigrationRequest> Queued { get; } = new List<MigrationRequest>();
        /// <summary>Users on a third-party provider left alone (AutomaticallyReplaceAcpProvider is false).</summary>
        public List<DirectoryUserChange> LeftToThirdPartyProvider { get; } = new List<DirectoryUserChange>();
        /// <summary>Why changes were seen but nothing was queued (a switch is off); null otherwise.</summary>
        public string? NotQueuedBecause { get; set; }
        /// <summary>False when another service saved a pass in between; the next pass continues from that one.</summary>
        public bool StateSaved { get; set; }
    }
}
