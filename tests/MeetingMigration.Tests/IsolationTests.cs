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
            // Nothing of the module's dependencies reached the default context (which holds only the older MSAL this test
            // process preloaded, see OlderMsalPreload).
            var dependencies = Path.Combine(Path.GetFullPath(RepoPaths.ModuleFolder), "dependencies");
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => !a.IsDynamic && a.Location.StartsWith(dependencies, StringComparison.Ordinal));
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name is "Microsoft.Data.Sqlite" or "MeetingMigration.Engine");

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
            Assert.True(OlderMsalPreload.Loaded != null, OlderMsalPreload.Path + " was not copied by the build, so it was not preloaded");
            Assert.Equal(new Version(4, 21, 1, 0), OlderMsalPreload.Loaded!.GetName().Version);
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(OlderMsalPreload.Loaded));

            var before = _ps.Ok("Start-CsExMeetingMigration -Identity a@contoso.com -WarningAction SilentlyContinue; Get-CsMeetingMigrationStatus -SummaryOnly");
            // Signing in with a token needs no network; it builds the Graph client and so loads MSAL and Graph. The store
            // (SQLite, also in the module's context) keeps working after it.
            var after = _ps.Ok(string.Join("\n",
                "$token = [System.Security.SecureString]::new(); foreach ($c in 'fake.access.token'.ToCharArray()) { $token.AppendChar($c) }",
                "Connect-MeetingMigration -StorePath $second -AccessToken $token -GraphEndpoint http://127.0.0.1:9/v1.0",
                "Get-CsMeetingMigrationStatus -SummaryOnly"), ("second", Path.Combine(_store.Folder, "second.db")));

            static int Pending(IEnumerable<PSObject> summary) =>
                summary.Where(s => s.Properties["State"].Value.ToString() == "Pending").Select(s => (int)s.Properties["UserCount"].Value).Single();
            Assert.Equal(1, Pending(before));
            Assert.Equal(0, Pending(after));
            var msal = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Microsoft.Identity.Client").ToList();
            Assert.Contains(msal, a => a.GetName().Version == new Version(4, 21, 1, 0) && AssemblyLoadContext.GetLoadContext(a) == AssemblyLoadContext.Default);
            Assert.Contains(msal, a => a.GetName().Version!.Major == 4 && a.GetName().Version!.Minor == 92 && AssemblyLoadContext.GetLoadContext(a)!.Name == ContextName);
            foreach (var name in new[] { "Microsoft.Graph.Core", "MeetingMigration.Engine" })
            {
                var assembly = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == name);
                Assert.Equal(ContextName, AssemblyLoadContext.GetLoadContext(assembly)!.Name);
            }
        }
    }
}
