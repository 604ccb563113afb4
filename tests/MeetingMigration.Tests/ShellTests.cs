using System;
using System.IO;
using System.Linq;
using MeetingMigration.Tests.Infrastructure;

namespace MeetingMigration.Tests
{
    /// <summary>The management shell (mmshell) run as an admin runs it: -Command and -File, output redirected.</summary>
    public sealed class ShellTests : IDisposable
    {
        private readonly TempStore _store = new TempStore();

        public void Dispose() => _store.Dispose();

        private static string[] Lines(string text) =>
            text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();

        [Fact]
        public void Command_SummaryOnly_prints_the_MMS_table()
        {
            var result = ShellRunner.Run(_store.StorePath, "-Command", "Get-CsMeetingMigrationStatus -SummaryOnly");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain('\u001b', result.StandardOutput);
            Assert.Equal(new[]
            {
                "State      UserCount",
                "-----      ---------",
                "Pending            0",
                "InProgress         0",
                "Failed             0",
                "Succeeded          0",
            }, Lines(result.StandardOutput));
            Assert.True(File.Exists(_store.StorePath), "the shell did not use MEETINGMIGRATION_STORE_PATH");
        }

        [Fact]
        public void Counts_are_right_aligned_under_UserCount()
        {
            var result = ShellRunner.Run(_store.StorePath, "-Command",
                "1..12 | ForEach-Object { Start-CsExMeetingMigration -Identity \"user$_@contoso.com\" -WarningAction SilentlyContinue }; Get-CsMeetingMigrationStatus -SummaryOnly");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain('\u001b', result.StandardOutput);
            var lines = Lines(result.StandardOutput);
            Assert.Equal("State      UserCount", lines[0]);
            Assert.Equal("Pending           12", lines[2]);
            Assert.Equal("InProgress         0", lines[3]);
            Assert.All(lines.Skip(2), line => Assert.Equal(lines[0].Length, line.Length));
        }

        [Fact]
        public void File_runs_a_script()
        {
            var script = Path.Combine(_store.Folder, "queue.ps1");
            File.WriteAllText(script,
                "foreach ($user in 'ashaw@contoso.com', 'sip:bob@contoso.com') { Start-CsExMeetingMigration -Identity $user -WarningAction SilentlyContinue }\n" +
                "Get-CsMeetingMigrationStatus -SummaryOnly\n");

            var result = ShellRunner.Run(_store.StorePath, "-File", script);

            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = Lines(result.StandardOutput);
            Assert.Equal("State      UserCount", lines[0]);
            Assert.Contains("Pending            2", lines);
            Assert.DoesNotContain('\u001b', result.StandardOutput);

            var listed = ShellRunner.Run(_store.StorePath, "-Command", "(Get-CsMeetingMigrationStatus).UserPrincipalName");
            Assert.Equal(new[] { "ashaw@contoso.com", "bob@contoso.com" }, Lines(listed.StandardOutput));
        }

        [Theory]
        [InlineData("Start-CsExMeetingMigration -Identity 'a@@b'", "InvalidIdentity")]
        [InlineData("Get-CsMeetingMigrationStatus -State Bogus", "Bogus")]
        [InlineData("Set-CsOnlineDialInConferencingTenantSettings -PinLength 3", "PinLength")]
        public void A_failing_command_exits_1_and_reports_on_stderr(string command, string expectedInError)
        {
            var result = ShellRunner.Run(_store.StorePath, "-Command", command);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains(expectedInError == "InvalidIdentity" ? "is not a valid user identity" : expectedInError, result.StandardError + result.StandardOutput);
            Assert.DoesNotContain('\u001b', result.StandardError);
        }

        [Fact]
        public void A_failing_script_file_exits_1()
        {
            var script = Path.Combine(_store.Folder, "bad.ps1");
            File.WriteAllText(script, "Start-CsExMeetingMigration -Identity 'not-an-address'\n");

            var result = ShellRunner.Run(_store.StorePath, "-File", script);

            Assert.True(result.ExitCode == 1, result.ToString());
        }
    }
}
