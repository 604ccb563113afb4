using System;
using System.Management.Automation;
using System.Security;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Store;
using MeetingMigration.PowerShell.Infrastructure;
using MeetingMigration.PowerShell.Output;

namespace MeetingMigration.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Copies an embedded store (every tenant's queue, journal, settings and conferencing data) into an empty PostgreSQL store.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "MeetingMigrationStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MeetingMigrationStoreCopy))]
    public sealed class CopyMeetingMigrationStoreCommand : MeetingMigrationCmdlet
    {
        /// <summary>The store file to copy; default: the one the session would open (MEETINGMIGRATION_STORE_PATH, else the default file).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [OneValue]
        public string? StorePath { get; set; }

        /// <summary>The PostgreSQL store to fill; it must hold no data yet.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [OneValue]
        public string DestinationConnectionString { get; set; } = "";

        /// <summary>The PostgreSQL password, when the connection string has none.</summary>
        [Parameter]
        [OneValue(Secret = true)]
        public SecureString? DestinationPassword { get; set; }

        /// <summary>The copy opens its own two stores; the session's stays as it is.</summary>
        protected override bool UsesStore => false;

        protected override void ProcessRecord()
        {
            if (StorePath != null) Terminating(() => { StorePathRules.CheckTyped(StorePath); return true; }, StorePath);
            var path = StorePath != null ? StoreProviderPath(StorePath, "nothing was copied") : ModuleSession.DefaultStorePath();
            // A folder, or a path no file can have, in Connect's words: a folder was "There is no store at" (outside probe BF-F4).
            if (StorePath != null) Terminating(() => StorePathRules.Check(path), path);
            if (!System.IO.File.Exists(path))
                ThrowTerminatingError(ErrorMapper.Create(ErrorIds.InvalidStorePath, ErrorKind.ObjectNotFound,
                    $"There is no store at {QuotedValue.Of(path)} to copy; nothing was copied.", path, "Give the path of the store file with -StorePath."));
            // Opening either store writes: an older file is upgraded in place (older modules refuse it then), and the
            // destination's tables are created. So both are looked at read-only, and nothing is opened until the copy is
            // confirmed; -WhatIf opens neither (an outside probe: it upgraded the file and created the destination's tables).
            var peek = Terminating(() => StoreFilePeek.Of(path), path);
            var rows = string.Join(", ", System.Linq.Enumerable.Select(peek.Rows, r => $"{r.Value} {r.Key}"));
            var upgrade = peek.Version < StoreSchema.CurrentVersion
                ? $"; the file has schema version {peek.Version}, and the copy upgrades it to {StoreSchema.CurrentVersion} first (older modules refuse it then)"
                : "";
            // The destination is checked before anything is asked or opened, -WhatIf included: a connection string that cannot
            // be used (an outside probe: -WhatIf said it would copy into an unusable one), then, connected read-only, a server
            // that cannot be reached or a store that holds data (outside probe S: -WhatIf said it would copy, the copy failed).
            var destinationName = Terminating(() => MigrationStores.DescribeServer(DestinationConnectionString), null);
            Terminating(() => { MigrationStores.CheckServerEmpty(DestinationConnectionString, SecureText.Plain(DestinationPassword)); return true; }, destinationName);
            if (!Confirmed(destinationName, $"Copy every tenant's data from {path}: {rows}{upgrade}")) return;
            using var source = Terminating(() => SqliteMigrationStore.Open(path), path);
            if (source.Upgraded is { } upgraded) WriteWarning(upgraded.Notice);
            using var destination = Terminating(() => MigrationStores.OpenServer(DestinationConnectionString, SecureText.Plain(DestinationPassword), null), null);
            if (destination.Upgraded is { } destinationUpgraded) WriteWarning(destinationUpgraded.Notice);
            var copied = Terminating(token => System.Threading.Tasks.Task.Run(() => RelationalMigrationStore.CopyAll(source, destination, token), token), destination.Location);
            WriteVerbose($"Copied {source.Location} to {destination.Location}: " + string.Join(", ", System.Linq.Enumerable.Select(copied.Rows, r => $"{r.Value} {r.Key}")) + ".");
            WriteObject(new MeetingMigrationStoreCopy
            {
                Source = copied.Source,
                Destination = copied.Destination,
                Requests = copied.Rows["requests"],
                JournalEntries = copied.Rows["journal"],
                Settings = copied.Rows["settings"],
                DialInUsers = copied.Rows["dialin_users"],
                Bridges = copied.Rows["bridges"],
            });
        }
    }
}
