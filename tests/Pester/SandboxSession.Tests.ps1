#Requires -Version 7.0
# docs/sandbox.md's "A session against the sandbox", run as written: a generated tenant, the Skype profiles in the store,
# one user migrated with -Wait; and Stop-MmSandbox, which its help says is safe to call twice.

BeforeAll {
    . "$PSScriptRoot/TestHelpers.ps1"
    Import-Module "$PSScriptRoot/../../out/MeetingMigration/MeetingMigration.psd1" -Force
    Import-Module $SandboxModule -Force
}

Describe 'A session against the sandbox' {
    It 'connects to the sandbox''s Graph, migrates a user the tenant expects to succeed, and stops the sandbox twice without an error' {
        $sandbox = Start-MmSandbox -Users 3 -MeetingsPerUser 10 -Configuration $BuildConfiguration
        try {
            Connect-MeetingMigration -GraphEndpoint $sandbox.GraphUrl -AccessToken (ConvertTo-SecureString sandbox -AsPlainText -Force) -StorePath (Join-Path $TestDrive 'sandbox-store.db')
            Import-Csv $sandbox.SkypeProfilesFile | Set-MeetingMigrationConferencingProfile
            $upn = (Import-Csv $sandbox.UsersFile | Where-Object ExpectedState -EQ Succeeded | Select-Object -First 1).UserPrincipalName
            $done = Start-CsExMeetingMigration -Identity $upn -Wait -ProgressAction SilentlyContinue
            $done.State | Should -Be 'Succeeded'
            $done.SucceededMeeting | Should -BeGreaterThan 0
        }
        finally {
            Disconnect-MeetingMigration
            Stop-MmSandbox $sandbox
        }

        $second = @(Stop-MmSandbox $sandbox 2>&1)
        $second | Should -BeNullOrEmpty
        Test-Path $sandbox.Folder | Should -BeFalse
    }
}
