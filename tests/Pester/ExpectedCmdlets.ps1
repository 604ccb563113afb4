# The cmdlets the module exports, by design: the contract tests check the manifest, the module and the sources against
# this list (dot-sourced where the list is needed, at discovery and at run time).
@(
    'Connect-MeetingMigration', 'Disconnect-MeetingMigration', 'Get-MeetingMigrationConnection', 'Get-CsMeetingMigrationStatus', 'Get-CsOnlineDialInConferencingTenantSettings',
    'Get-CsTenantMigrationConfiguration', 'Get-MeetingMigrationConferencingProfile', 'Remove-CsOnlineDialInConferencingTenantSettings',
    'Set-CsOnlineDialInConferencingTenantSettings', 'Set-CsTenantMigrationConfiguration', 'Set-MeetingMigrationConferencingProfile',
    'Start-CsExMeetingMigration',
    # Users' audio conferencing, moves and imports (their contracts: DialInUser.Tests.ps1).
    'Get-CsOnlineDialInConferencingUser', 'Set-CsOnlineDialInConferencingUser', 'Enable-CsOnlineDialInConferencingUser',
    'Disable-CsOnlineDialInConferencingUser', 'Register-CsMeetingMigrationUserMove', 'Import-CsOnlineDialInConferencingUser',
    # Bridges and service numbers (their contracts: DialInBridge.Tests.ps1).
    'Get-CsOnlineDialInConferencingBridge', 'Set-CsOnlineDialInConferencingBridge', 'New-CsOnlineDialInConferencingBridge',
    'Register-CsOnlineDialInConferencingServiceNumber', 'Unregister-CsOnlineDialInConferencingServiceNumber',
    'Set-CsOnlineDialInConferencingUserDefaultNumber',
    # Reconciliation (its contract: Reconciliation.Tests.ps1).
    'Find-CsMeetingMigrationStaleMeeting',
    # Queue management, audit and undo (their contracts and behaviour: Queue.Tests.ps1, Audit.Tests.ps1, Undo.Tests.ps1).
    'Stop-CsMeetingMigration', 'Get-CsMeetingMigrationDetail', 'Undo-CsMeetingMigration',
    # Moving the embedded store to PostgreSQL (its contract and behaviour: ServerStore.Tests.ps1).
    'Copy-MeetingMigrationStore')
