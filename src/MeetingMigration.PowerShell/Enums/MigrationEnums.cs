// The enumerations an admin sees in the migration cmdlets' parameters and output. They live here, in MeetingMigration.dll,
// because that is the module's only assembly in PowerShell's default load context: PowerShell resolves a type name such
// as [MeetingMigration.MigrationState] only among the default context's assemblies, and the engine's own enums are in
// the module's private context (src/MeetingMigration.PowerShell.Isolation), where no script can name them.
// Each one has exactly the names of its engine counterpart, in the same order (so Sort-Object and [int] agree with the
// engine); values cross by name through PublicEnums, which a test holds to that (tests/Pester/Types.Tests.ps1).
//
// Note for cmdlet code: inside namespace MeetingMigration.PowerShell.*, a simple name such as MigrationState binds to these
// (an enclosing namespace wins over using directives); the engine's are written Engine.Model.MigrationState.

namespace MeetingMigration
{
    /// <summary>Where a migration request is in its life (Get-CsMeetingMigrationStatus -State, and its State column).</summary>
    public enum MigrationState
    {
        /// <summary>
        /// Queued; runs when a worker takes it (and, for an automatic trigger, once its settle window ends). Also a request whose
        /// attempt failed and whose automatic retry is due at NextRetryTime (RetryCount and LastMessage say which and why).
        /// </summary>
        Pending,
        /// <summary>A worker is running it.</summary>
        InProgress,
        /// <summary>The last attempt did not update every meeting and no automatic retry is left (or none could help); LastMessage says why.</summary>
        Failed,
        /// <summary>Every meeting in scope shows the current block.</summary>
        Succeeded,
    }

    /// <summary>Microsoft's MigrationType of a request: what its meetings become, derived from the source and target types.</summary>
    public enum MigrationType
    {
        /// <summary>Each meeting keeps its type and gets the organizer's current details (TargetMeetingType Current).</summary>
        ToSameType,
        /// <summary>Skype for Business meetings become Teams meetings.</summary>
        SfbToTeams,
        /// <summary>Teams meetings become new Teams meetings.</summary>
        TeamsToTeams,
        /// <summary>Skype for Business and Teams meetings become Teams meetings.</summary>
        AllToTeams,
    }

    /// <summary>Which meetings a request touches (Start-CsExMeetingMigration -SourceMeetingType).</summary>
    public enum SourceMeetingType
    {
        /// <summary>Skype for Business and Teams meetings (the default).</summary>
        All,
        /// <summary>Skype for Business meetings only, on-premises or online.</summary>
        SfB,
        /// <summary>Teams meetings only.</summary>
        Teams,
    }

    /// <summary>What the touched meetings become (Start-CsExMeetingMigration -TargetMeetingType).</summary>
    public enum TargetMeetingType
    {
        /// <summary>Each meeting keeps its type and gets the organizer's current details (the default).</summary>
        Current,
        /// <summary>Every touched meeting becomes a Teams meeting.</summary>
        Teams,
    }

    /// <summary>The type of online-meeting block a meeting shows (MeetingType of Get-CsMeetingMigrationDetail, MeetingKind of Find-CsMeetingMigrationStaleMeeting).</summary>
    public enum MeetingKind
    {
        SkypeForBusiness,
        Teams,
    }

    /// <summary>
    /// What a migration or an undo did to one meeting (Get-CsMeetingMigrationDetail -Outcome, and its Outcome column).
    /// The engine's Planned (a -WhatIf plan) is not here: plans are shown, never journaled, so no row can have it.
    /// </summary>
    public enum MeetingOutcome
    {
        /// <summary>Journaled before the write was sent: whether the meeting was updated is not known yet.</summary>
        Attempting,
        /// <summary>The block was replaced; attendees got one update.</summary>
        Updated,
        /// <summary>An earlier attempt had already written this block (its marker showed it); nothing was sent again.</summary>
        AlreadyUpdated,
        /// <summary>Left alone by the rules (Reason says which).</summary>
        Skipped,
        /// <summary>Not updated; Reason says why.</summary>
        Failed,
        /// <summary>An undo put back the block the migration had replaced.</summary>
        Restored,
        /// <summary>An undo left the meeting alone because it changed after the migration (Reason says how).</summary>
        Refused,
    }
}
