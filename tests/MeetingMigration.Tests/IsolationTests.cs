using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.Loader;
using MeetingMigration.Tests.Infrastructure;

namespace MeetingMigration.Tests
{
    /// <summary>
    /// The module loads its engine and every dependency (MSAL, Graph/Kiota, Microsoft.Data.Sqlite, SQLitePCLRaw and the
    /// native e_sqlite3) into its own AssemblyLoadContext, installed by the nested module
    /// MeetingMigration.PowerShell.Isolation.dll, so an admin session that already loaded other versions (MSAL from
    /// ExchangeOnlineManagement or MicrosoftTeams, in the default context) works with both.
    /// </summary>
    public sealed class IsolationTests : IDisposable
    {
        private const string ContextName = "MeetingMigration";
        private readonly ModuleRunspace _ps = new ModuleRunspace();
        private readonly TempStore _store = new TempStore();

        public void Dispose()
        {
            _ps.Dispose();
            _store.Dispose();
        }

        private static string[] Lines(string text) =>
            text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();

        [Fact]
        public void The_engine_and_SQLite_load_into_the_module_context_not_the_default_one()
        {
            _ps.Ok("Start-CsExMeetingMigration -Identity iso@contoso.com -WarningAction SilentlyContinue; Get-CsMeetingMigrationStatus -SummaryOnly");

            var engine = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "MeetingMigration.Engine");
            Assert.Equal(ContextName, AssemblyLoadContext.GetLoadContext(engine)!.Name);
            Assert.Equal(Path.Combine(Path.GetFullPath(RepoPaths.ModuleFolder), "dependencies", "MeetingMigration.Engine.dll"), engine.Location);

            var sqlite = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Microsoft.Data.Sqlite").ToList();
            Assert.NotEmpty(sqlite);
            Assert.All(sqlite, a => Assert.Equal(ContextName, AssemblyLoadContext.GetLoadContext(a)!.Name));
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name is "Microsoft.Data.Sqlite" or "MeetingMigration.Engine" or "Microsoft.Identity.Client");

            // The cmdlets themselves stay in the default context, where PowerShell loaded them.
            var cmdlets = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "MeetingMigration");
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(cmdlets));
        }

        [Fact]
        public void Framework_assemblies_are_not_duplicated_in_the_module_context()
        {
            _ps.Ok("Get-CsMeetingMigrationStatus -SummaryOnly");
            var context = AssemblyLoadContext.All.Single(c => c.Name == ContextName);
            // System.Memory, System.Text.Json... ship in dependencies/ as netstandard2.0 package files; .NET provides newer ones.
            Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name is "System.Memory" or "System.Buffers" or "System.Text.Json" or "System.Runtime.CompilerServices.Unsafe");
        }

        [Fact]
        public void The_nested_module_exports_no_command()
        {
            Assert.Empty(_ps.Ok("Get-Command -Module MeetingMigration.PowerShell.Isolation"));
            var module = (PSModuleInfo)_ps.Ok("Get-Module MeetingMigration").Single().BaseObject;
            Assert.Equal(new[] { "MeetingMigration.PowerShell.Isolation" }, module.NestedModules.Select(m => m.Name));
            Assert.All(_ps.Ok("Get-Command -Module MeetingMigration"), c => Assert.Equal("MeetingMigration", ((CommandInfo)c.BaseObject).ModuleName));
        }

        [Fact]
        public void The_module_works_in_a_session_that_already_loaded_an_older_MSAL()
        {
            var oldMsal = Path.Combine(AppContext.BaseDirectory, "conflicting-msal", "Microsoft.Identity.Client.dll");
            Assert.True(File.Exists(oldMsal), oldMsal + " was not copied by the build");
            var script = string.Join("\n",
                "Connect-MeetingMigration -StorePath $args[0]",
                "Start-CsExMeetingMigration -Identity a@contoso.com -WarningAction SilentlyContinue",
                "Get-CsMeetingMigrationStatus -SummaryOnly",
                // Signing in with a token needs no network; it builds the Graph client and loads MSAL and Graph.
                "$token = [System.Security.SecureString]::new(); foreach ($c in 'fake.access.token'.ToCharArray()) { $token.AppendChar($c) }",
                "Connect-MeetingMigration -AccessToken $token -GraphEndpoint http://127.0.0.1:9/v1.0",
                "foreach ($context in [System.Runtime.Loader.AssemblyLoadContext]::All) {",
                "  foreach ($assembly in $context.Assemblies) {",
                "    if ($assembly.GetName().Name -in 'Microsoft.Identity.Client', 'MeetingMigration.Engine', 'Microsoft.Graph.Core') { 'LOADED {0} {1} {2}' -f $assembly.GetName().Name, $assembly.GetName().Version, $context.Name }",
                "  }",
                "}");
            File.WriteAllText(Path.Combine(_store.Folder, "conflict.ps1"), script);

            var result = ShellRunner.Run(_store.StorePath, new Dictionary<string, string> { ["MEETINGMIGRATION_PRELOAD"] = oldMsal },
                "-File", Path.Combine(_store.Folder, "conflict.ps1"), Path.Combine(_store.Folder, "second.db"));

            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = Lines(result.StandardOutput);
            Assert.Contains("Pending            1", lines);
            var loaded = lines.Where(l => l.StartsWith("LOADED ", StringComparison.Ordinal)).OrderBy(l => l, StringComparer.Ordinal).ToArray();
            Assert.Contains("LOADED Microsoft.Identity.Client 4.21.1.0 Default", loaded);
            Assert.Contains(loaded, l => l.StartsWith("LOADED Microsoft.Identity.Client 4.92.", StringComparison.Ordinal) && l.EndsWith(" " + ContextName, StringComparison.Ordinal));
            Assert.Contains(loaded, l => l.StartsWith("LOADED Microsoft.Graph.Core ", StringComparison.Ordinal) && l.EndsWith(" " + ContextName, StringComparison.Ordinal));
            Assert.Contains(loaded, l => l.StartsWith("LOADED MeetingMigration.Engine ", StringComparison.Ordinal) && l.EndsWith(" " + ContextName, StringComparison.Ordinal));
        }
    }
}
