using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Shell
{
    /// <summary>
    /// The README's main job: start a sandbox Exchange Online, seed a tenant of organizers with realistic meetings,
    /// connect the module to it, queue every user and wait for each, then print MMS's summary table and the failed users
    /// with their reasons. Everything runs through the cmdlets, as an admin would type them.
    /// </summary>
    internal static class Demo
    {
        private const string Script = @"
Connect-MeetingMigration -StorePath $demoStore -GraphEndpoint $demoGraph -AccessToken $demoToken
$demoProfiles | Set-MeetingMigrationConferencingProfile
""Queueing $($demoUsers.Count) users and migrating the conferencing details of their future Skype for Business and Teams meetings...""
$demoUsers | Start-CsExMeetingMigration -Wait -ErrorAction SilentlyContinue | Out-Null
Get-CsMeetingMigrationStatus -SummaryOnly
$failed = Get-CsMeetingMigrationStatus | Where-Object { $_.State -eq 'Failed' }
if ($failed) {
    'Failed users and why:'
    $failed | ForEach-Object { '  {0}: {1}' -f $_.UserPrincipalName, $_.LastMessage }
}
$done = Get-CsMeetingMigrationStatus | Where-Object { $_.State -eq 'Succeeded' }
(""Meetings migrated: {0}; attendee updates sent for {1} meetings."" -f ($done | ForEach-Object { $_.SucceededMeeting } | Measure-Sum), ($done | ForEach-Object { $_.InvitesUpdate } | Measure-Sum))
";

        public static int Run(Hosting.ShellSession session, ShellOptions options)
        {
            var sandbox = SandboxServer.StartAsync().GetAwaiter().GetResult();
            try
            {
                Console.WriteLine($"Sandbox Exchange Online at {sandbox.GraphBaseUrl}");
                var tenant = TenantGenerator.Generate(new TenantGeneratorOptions
                {
                    Users = options.Users,
                    MeetingsPerUser = options.MeetingsPerUser,
                    Now = DateTimeOffset.UtcNow,
                });
                new InProcessSandboxSeeder(sandbox.State).SeedAsync(tenant).GetAwaiter().GetResult();
                Console.WriteLine($"Seeded {tenant.Users.Count} users with {tenant.MeetingCount} meetings.");

                var store = Path.Combine(Path.GetTempPath(), $"meetingmigration-demo-{Guid.NewGuid():N}.db");
                session.SetVariable("demoStore", store);
                session.SetVariable("demoGraph", sandbox.GraphBaseUrl.ToString());
                session.SetVariable("demoToken", Token("sandbox-demo-token"));
                session.SetVariable("demoUsers", tenant.Users.Select(u => u.UserPrincipalName).ToArray());
                session.SetVariable("demoProfiles", tenant.Users.Where(u => u.Entry.Conferencing != null).Select(SkypeProfile).ToArray());
                // Measure-Object lives in a module the core engine lacks; a one-line sum keeps the script self-contained.
                session.Execute("function Measure-Sum { $t = 0; foreach ($v in $input) { $t += $v }; $t }");
                var ok = session.Execute(Script);
                var stats = sandbox.GetStats();
                Console.WriteLine($"Sandbox: {stats.Requests} Graph requests, {stats.NotificationsSent} notifications sent, {stats.Throttled} throttled.");
                return ok ? 0 : 1;
            }
            finally
            {
                sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        /// <summary>
        /// Each organizer's Skype for Business coordinates, as an admin would export them from Skype for Business Server:
        /// what their Skype meetings show once migrated with -TargetMeetingType Current.
        /// </summary>
        private static PSObject SkypeProfile(GeneratedUser user)
        {
            var conferencing = user.Entry.Conferencing!;
            var profile = new PSObject();
            profile.Properties.Add(new PSNoteProperty("UserPrincipalName", user.UserPrincipalName));
            profile.Properties.Add(new PSNoteProperty("JoinUrl", $"https://meet.lync.com/contoso/{user.Alias}/{conferencing.ConferenceId}"));
            profile.Properties.Add(new PSNoteProperty("ConferenceId", conferencing.ConferenceId));
            profile.Properties.Add(new PSNoteProperty("TollNumber", conferencing.TollNumber));
            profile.Properties.Add(new PSNoteProperty("TollFreeNumber", conferencing.TollFreeNumbers?.ToArray() ?? Array.Empty<string>()));
            profile.Properties.Add(new PSNoteProperty("DialInUrl", conferencing.DialInUrl));
            return profile;
        }

        private static SecureString Token(string value)
        {
            var secure = new SecureString();
            foreach (var c in value) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }
    }
}
