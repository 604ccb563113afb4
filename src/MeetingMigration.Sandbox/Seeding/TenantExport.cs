using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// What an admin would have in hand for a generated tenant, written as files a script reads with Import-Csv and
/// ConvertFrom-Json (the sandbox run as its own process has no other way to share them):
/// <list type="bullet">
/// <item><c>users.csv</c>: every organizer, with the state a correct migration ends in (ExpectedState) and why;</item>
/// <item><c>skype-profiles.csv</c>: each organizer's Skype for Business coordinates, as exported from Skype for Business
/// Server (toll-free numbers joined by ';'), the input of Set-MeetingMigrationConferencingProfile;</item>
/// <item><c>expectations.json</c>: the expectation manifest, one entry per generated event.</item>
/// </list>
/// </summary>
public static class TenantExport
{
    public const string UsersFile = "users.csv";
    public const string SkypeProfilesFile = "skype-profiles.csv";
    public const string ExpectationsFile = "expectations.json";

    public static void Write(GeneratedTenant tenant, string folder)
    {
        Directory.CreateDirectory(folder);
        var failures = ExpectedFailures(tenant);

        WriteCsv(Path.Combine(folder, UsersFile),
            new[] { "UserPrincipalName", "DisplayName", "MailboxLocation", "ExpectedState", "ExpectedReason" },
            tenant.Users.Select(u => failures.TryGetValue(u.UserPrincipalName, out var failure)
                ? new[] { u.UserPrincipalName, u.DisplayName, u.Entry.MailboxLocation ?? SeedUser.Cloud, failure.State, failure.Reason }
                : new[] { u.UserPrincipalName, u.DisplayName, u.Entry.MailboxLocation ?? SeedUser.Cloud, "Succeeded", "" }));

        WriteCsv(Path.Combine(folder, SkypeProfilesFile),
            new[] { "UserPrincipalName", "JoinUrl", "ConferenceId", "TollNumber", "TollFreeNumber", "DialInUrl" },
            tenant.Users.Where(u => u.Entry.Conferencing != null).Select(u =>
            {
                var c = u.Entry.Conferencing!;
                return new[]
                {
                    u.UserPrincipalName, $"https://meet.lync.com/{tenant.Options.Domain.Split('.')[0]}/{u.Alias}/{c.ConferenceId}",
                    c.ConferenceId ?? "", c.TollNumber ?? "", string.Join(";", c.TollFreeNumbers ?? new List<string>()), c.DialInUrl ?? "",
                };
            }));

        using var manifest = new FileStream(Path.Combine(folder, ExpectationsFile), FileMode.Create, FileAccess.Write);
        tenant.WriteManifest(manifest);
    }

    /// <summary>
    /// Organizers whose first attempt must fail, and the state it leaves their request in. An on-premises mailbox cannot
    /// be reached: the attempt fails as a whole, and the request is Pending for its automatic retry (the mailbox may have
    /// moved by then). A meeting whose block cannot be delimited fails the request (the engine never guesses), and no retry
    /// is scheduled, since it would fail the same way: Failed.
    /// </summary>
    private static Dictionary<string, (string State, string Reason)> ExpectedFailures(GeneratedTenant tenant)
    {
        var failures = new Dictionary<string, (string State, string Reason)>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in tenant.Users.Where(u => u.IsOnPremises)) failures[user.UserPrincipalName] = ("Pending", "on-premises mailbox (waiting for its retry)");
        foreach (var e in tenant.Expectations().Where(e => e.Outcome == ExpectedOutcome.FailAmbiguous))
            failures.TryAdd(e.Mailbox, ("Failed", "a meeting with the block twice in its body"));
        return failures;
    }

    private static void WriteCsv(string path, string[] header, IEnumerable<string[]> rows)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteLine(string.Join(",", header.Select(Quote)));
        foreach (var row in rows) writer.WriteLine(string.Join(",", row.Select(Quote)));
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";
}
