# The module's manifest. The build writes it into out/MeetingMigration with the folder removed from the file names below, so the same file serves both: `Import-Module ./MeetingMigration.psd1` from the repository root after a build
# (`dotnet tool restore && dotnet pwsh ./build.ps1`), and the laid-out module that is packaged and installed.
@{
    RootModule           = 'out/MeetingMigration/MeetingMigration.dll'
    # Imported before the root module: installs the private AssemblyLoadContext that serves the engine and its
    # dependencies from dependencies/ (MSAL, Graph, SQLite...), so other modules' versions do not conflict. No commands.
    NestedModules        = @('out/MeetingMigration/MeetingMigration.PowerShell.Isolation.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21'
    Author               = 'MeetingMigration contributors'
    CompanyName          = 'MeetingMigration'
    Copyright            = '(c) MeetingMigration contributors. MIT License.'
    Description          = 'An open, self-hostable Meeting Migration Service: rewrites the online-meeting block (join link, dial-in numbers, conference ID) of organizers'' future meetings in Exchange Online through Microsoft Graph, with the cmdlets of Microsoft''s MMS.'
    # Tested on PowerShell 7.6 (Core edition) on Linux; built against PowerShell Standard.
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('out/MeetingMigration/MeetingMigration.Format.ps1xml')
    TypesToProcess       = @('out/MeetingMigration/MeetingMigration.Types.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Get-CsMeetingMigrationStatus'
        'Start-CsExMeetingMigration'
        'Get-CsTenantMigrationConfiguration'
        'Set-CsTenantMigrationConfiguration'
        'Get-CsOnlineDialInConferencingTenantSettings'
        'Set-CsOnlineDialInConferencingTenantSettings'
        'Remove-CsOnlineDialInConferencingTenantSettings'
        'Connect-MeetingMigration'
        'Disconnect-MeetingMigration'
        'Get-MeetingMigrationConnection'
        'Get-MeetingMigrationConferencingProfile'
        'Set-MeetingMigrationConferencingProfile'
        'Get-CsOnlineDialInConferencingUser'
        'Set-CsOnlineDialInConferencingUser'
        'Enable-CsOnlineDialInConferencingUser'
        'Disable-CsOnlineDialInConferencingUser'
        'Register-CsMeetingMigrationUserMove'
        'Import-CsOnlineDialInConferencingUser'
        'Get-CsOnlineDialInConferencingBridge'
        'Set-CsOnlineDialInConferencingBridge'
        'New-CsOnlineDialInConferencingBridge'
        'Register-CsOnlineDialInConferencingServiceNumber'
        'Unregister-CsOnlineDialInConferencingServiceNumber'
        'Set-CsOnlineDialInConferencingUserDefaultNumber'
        'Find-CsMeetingMigrationStaleMeeting'
        # Queue management, audit and undo (issue 11).
        'Stop-CsMeetingMigration'
        'Get-CsMeetingMigrationDetail'
        'Undo-CsMeetingMigration'
        # Moving the embedded store to PostgreSQL (issue 12).
        'Copy-MeetingMigrationStore'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Teams', 'SkypeForBusiness', 'MMS', 'MeetingMigration', 'ExchangeOnline', 'MicrosoftGraph', 'Calendar', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/meetingmigration/meetingmigration'
            ReleaseNotes = 'Microsoft''s MMS cmdlets (Get-CsMeetingMigrationStatus, Start-CsExMeetingMigration, the tenant migration and dial-in settings) over an embedded store and the migration engine; users'' audio conferencing, bridges and service numbers with the triggers MMS documents; reconciliation of stale invitations; audit (Get-CsMeetingMigrationDetail), undo (Undo-CsMeetingMigration) and queue management (Stop-CsMeetingMigration); Get-MeetingMigrationConnection; the engine''s messages as -Verbose/-Debug. See about_MeetingMigration and the docs folder.'
        }
    }
}
