using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using MeetingMigration.Tests.Infrastructure;

namespace MeetingMigration.Tests
{
    /// <summary>
    /// The public contract of every cmdlet, read through Get-Command: a change to a parameter's name, type, position,
    /// mandatory flag, set, pipeline binding or alias, to ShouldProcess or to the output type fails here first.
    /// </summary>
    public sealed class ContractTests : IDisposable
    {
        private const string All = "__AllParameterSets";
        private readonly ModuleRunspace _ps = new ModuleRunspace(connect: false);

        public void Dispose() => _ps.Dispose();

        /// <summary>One parameter in one set: "Name:Type|Set|pos=N|mandatory|byValue|byName|aliases=A,B".</summary>
        private static string P(string name, string type, string set = All, int position = int.MinValue, bool mandatory = false,
            bool byValue = false, bool byName = false, params string[] aliases) =>
            $"{name}:{type}|{set}|pos={(position == int.MinValue ? "named" : position.ToString())}" +
            $"{(mandatory ? "|mandatory" : "")}{(byValue ? "|byValue" : "")}{(byName ? "|byName" : "")}" +
            $"{(aliases.Length > 0 ? "|aliases=" + string.Join(",", aliases.OrderBy(a => a, StringComparer.Ordinal)) : "")}";

        private const string Common = "Verbose Debug ErrorAction WarningAction InformationAction ProgressAction ErrorVariable WarningVariable InformationVariable OutVariable OutBuffer PipelineVariable WhatIf Confirm";

        private CmdletInfo Command(string name)
        {
            var info = _ps.Ok("Get-Command -Name $n -Module MeetingMigration", ("n", name)).Single().BaseObject;
            return Assert.IsType<CmdletInfo>(info);
        }

        private static List<string> Describe(CmdletInfo command)
        {
            var common = new HashSet<string>(Common.Split(' '));
            var rows = new List<string>();
            foreach (var parameter in command.Parameters.Values.Where(p => !common.Contains(p.Name)))
            {
                foreach (var set in parameter.ParameterSets)
                {
                    var data = set.Value;
                    rows.Add(P(parameter.Name, TypeName(parameter.ParameterType), set.Key, data.Position, data.IsMandatory,
                        data.ValueFromPipeline, data.ValueFromPipelineByPropertyName, parameter.Aliases.ToArray()));
                }
            }
            return rows.OrderBy(r => r, StringComparer.Ordinal).ToList();
        }

        private static string TypeName(Type type)
        {
            var underlying = Nullable.GetUnderlyingType(type);
            if (underlying != null) return TypeName(underlying) + "?";
            if (type.IsArray) return TypeName(type.GetElementType()!) + "[]";
            return type.Namespace == "System" || type.Namespace == "System.Management.Automation" ? type.Name : type.FullName!;
        }

        private void AssertContract(string name, IEnumerable<string> expectedParameters, string[] parameterSets, string defaultSet,
            bool supportsShouldProcess, ConfirmImpact impact, params string[] outputTypes)
        {
            var command = Command(name);
            Assert.Equal(expectedParameters.OrderBy(r => r, StringComparer.Ordinal).ToList(), Describe(command));
            Assert.Equal(parameterSets.OrderBy(s => s, StringComparer.Ordinal), command.ParameterSets.Select(s => s.Name).OrderBy(s => s, StringComparer.Ordinal));
            Assert.Equal(defaultSet, command.DefaultParameterSet);

            var metadata = new CommandMetadata(command);
            Assert.Equal(supportsShouldProcess, metadata.SupportsShouldProcess);
            if (supportsShouldProcess)
            {
                Assert.Equal(impact, metadata.ConfirmImpact);
                Assert.True(command.Parameters.ContainsKey("WhatIf") && command.Parameters.ContainsKey("Confirm"));
            }
            else
            {
                Assert.False(command.Parameters.ContainsKey("WhatIf"));
            }
            Assert.Equal(outputTypes.OrderBy(t => t, StringComparer.Ordinal), command.OutputType.Select(t => t.Name).OrderBy(t => t, StringComparer.Ordinal));
        }

        [Fact]
        public void Get_CsMeetingMigrationStatus()
        {
            AssertContract("Get-CsMeetingMigrationStatus", new[]
                {
                    P("Identity", "String", position: 0, byName: true, aliases: "UserId"),
                    P("StartTime", "DateTime?"),
                    P("EndTime", "DateTime?"),
                    P("State", "MeetingMigration.Engine.Model.MigrationState?"),
                    P("MigrationType", "MeetingMigration.Engine.Model.MigrationType?"),
                    P("SummaryOnly", "SwitchParameter"),
                },
                new[] { "Default" }, "Default", false, ConfirmImpact.None,
                "MeetingMigration.PowerShell.Output.MeetingMigrationStatus", "MeetingMigration.Engine.Model.StateSummary");
        }

        [Fact]
        public void Get_CsMeetingMigrationStatus_enumerations_have_the_documented_values()
        {
            var command = Command("Get-CsMeetingMigrationStatus");
            Assert.Equal(new[] { "Pending", "InProgress", "Failed", "Succeeded" },
                Enum.GetNames(Nullable.GetUnderlyingType(command.Parameters["State"].ParameterType)!));
            Assert.Equal(new[] { "AllToTeams", "SfbToTeams", "TeamsToTeams", "ToSameType" },
                Enum.GetNames(Nullable.GetUnderlyingType(command.Parameters["MigrationType"].ParameterType)!).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void Start_CsExMeetingMigration()
        {
            AssertContract("Start-CsExMeetingMigration", new[]
                {
                    P("Identity", "String", position: 0, mandatory: true, byValue: true, byName: true, aliases: new[] { "UserPrincipalName", "SipAddress", "UserId" }),
                    P("SourceMeetingType", "MeetingMigration.Engine.Model.SourceMeetingType"),
                    P("TargetMeetingType", "MeetingMigration.Engine.Model.TargetMeetingType"),
                    P("PassThru", "SwitchParameter"),
                    P("Wait", "SwitchParameter"),
                },
                new[] { "__AllParameterSets" }, null!, true, ConfirmImpact.Medium,
                "MeetingMigration.PowerShell.Output.MeetingMigrationStatus");

            var command = Command("Start-CsExMeetingMigration");
            Assert.Equal(new[] { "All", "SfB", "Teams" }, Enum.GetNames(command.Parameters["SourceMeetingType"].ParameterType));
            Assert.Equal(new[] { "Current", "Teams" }, Enum.GetNames(command.Parameters["TargetMeetingType"].ParameterType));
        }

        [Fact]
        public void Get_CsTenantMigrationConfiguration()
        {
            AssertContract("Get-CsTenantMigrationConfiguration", new[]
                {
                    P("Identity", "String", set: "Identity", position: 0),
                    P("Filter", "String", set: "Filter"),
                    P("LocalStore", "SwitchParameter"),
                    P("Tenant", "Guid"),
                },
                new[] { "Identity", "Filter" }, "Identity", false, ConfirmImpact.None,
                "MeetingMigration.Engine.Configuration.TenantMigrationConfiguration");
        }

        [Fact]
        public void Set_CsTenantMigrationConfiguration()
        {
            AssertContract("Set-CsTenantMigrationConfiguration", new[]
                {
                    P("Identity", "String", set: "Identity", position: 0),
                    P("Instance", "PSObject", set: "Instance", mandatory: true, byValue: true),
                    P("MeetingMigrationEnabled", "Boolean"),
                    P("UserRetryLimit", "Int32"),
                    P("RetryWindow", "TimeSpan"),
                    P("StatusRetentionDays", "Int32"),
                    P("TriggerDelay", "TimeSpan"),
                    P("HorizonDays", "Int32"),
                    P("Force", "SwitchParameter"),
                    P("Tenant", "Guid"),
                    P("PassThru", "SwitchParameter"),
                },
                new[] { "Identity", "Instance" }, "Identity", true, ConfirmImpact.Medium,
                "MeetingMigration.Engine.Configuration.TenantMigrationConfiguration");
        }

        [Fact]
        public void Get_CsOnlineDialInConferencingTenantSettings()
        {
            AssertContract("Get-CsOnlineDialInConferencingTenantSettings", new[]
                {
                    P("Identity", "String", set: "Identity", position: 0),
                    P("Filter", "String", set: "Filter"),
                    P("LocalStore", "SwitchParameter"),
                    P("Tenant", "Guid"),
                },
                new[] { "Identity", "Filter" }, "Identity", false, ConfirmImpact.None,
                "MeetingMigration.Engine.Configuration.DialInConferencingTenantSettings");
        }

        [Fact]
        public void Set_CsOnlineDialInConferencingTenantSettings()
        {
            const string cfg = "MeetingMigration.Engine.Configuration.";
            AssertContract("Set-CsOnlineDialInConferencingTenantSettings", new[]
                {
                    P("Identity", "String", set: "Identity", position: 0),
                    P("Instance", "PSObject", set: "Instance", mandatory: true, byValue: true),
                    P("AllowedDialOutExternalDomains", "String[]"),
                    P("EnableEntryExitNotifications", "Boolean"),
                    P("EntryExitAnnouncementsType", cfg + "EntryExitAnnouncementsType"),
                    P("EnableNameRecording", "Boolean"),
                    P("IncludeTollFreeNumberInMeetingInvites", "Boolean"),
                    P("MaskPstnNumbersType", cfg + "MaskPstnNumbersType"),
                    P("PinLength", "UInt32"),
                    P("AllowPSTNOnlyMeetingsByDefault", "Boolean"),
                    P("AutomaticallySendEmailsToUsers", "Boolean"),
                    P("SendEmailFromOverride", "Boolean"),
                    P("SendEmailFromAddress", "String"),
                    P("SendEmailFromDisplayName", "String"),
                    P("AutomaticallyReplaceAcpProvider", "Boolean"),
                    P("UseUniqueConferenceIds", "Boolean"),
                    P("AutomaticallyMigrateUserMeetings", "Boolean"),
                    P("MigrateServiceNumbersOnCrossForestMove", "Boolean"),
                    P("EnableDialOutJoinConfirmation", "Boolean"),
                    P("AllowFederatedUsersToDialOutToSelf", cfg + "DialOutToFederatedUsers"),
                    P("AllowFederatedUsersToDialOutToThirdParty", cfg + "DialOutToFederatedUsers"),
                    P("Force", "SwitchParameter"),
                    P("Tenant", "Guid"),
                    P("MsftInternalProcessingMode", "String"),
                    P("PassThru", "SwitchParameter"),
                },
                new[] { "Identity", "Instance" }, "Identity", true, ConfirmImpact.Medium,
                "MeetingMigration.Engine.Configuration.DialInConferencingTenantSettings");

            var command = Command("Set-CsOnlineDialInConferencingTenantSettings");
            Assert.Equal(new[] { "MaskedForExternalUsers", "MaskedForAllUsers", "NoMasking" }, Enum.GetNames(command.Parameters["MaskPstnNumbersType"].ParameterType));
            Assert.Equal(new[] { "UseNames", "ToneOnly" }, Enum.GetNames(command.Parameters["EntryExitAnnouncementsType"].ParameterType));
            Assert.Equal(new[] { "No", "Yes", "RequireSameEnterpriseUser" }, Enum.GetNames(command.Parameters["AllowFederatedUsersToDialOutToSelf"].ParameterType));
            // MsftInternalProcessingMode is accepted for compatibility and hidden from tab completion and syntax.
            Assert.True(command.Parameters["MsftInternalProcessingMode"].Attributes.OfType<ParameterAttribute>().Single().DontShow);
        }

        [Fact]
        public void Remove_CsOnlineDialInConferencingTenantSettings()
        {
            AssertContract("Remove-CsOnlineDialInConferencingTenantSettings", new[]
                {
                    P("Identity", "String", position: 0, byName: true),
                    P("Force", "SwitchParameter"),
                    P("Tenant", "Guid"),
                },
                new[] { "__AllParameterSets" }, null!, true, ConfirmImpact.High);
        }

        [Fact]
        public void Connect_and_Disconnect_MeetingMigration()
        {
            // Connect also gains Graph parameters; only the store part is pinned here.
            var connect = Command("Connect-MeetingMigration");
            var rows = Describe(connect);
            Assert.Contains(P("StorePath", "String"), rows);
            Assert.Contains(P("PassThru", "SwitchParameter"), rows);
            Assert.Contains(connect.Parameters["StorePath"].Attributes, a => a is ValidateNotNullOrEmptyAttribute);
            Assert.Contains("MeetingMigration.PowerShell.Output.MeetingMigrationConnection", connect.OutputType.Select(t => t.Name));
            Assert.All(connect.Parameters.Values.Where(p => !Common.Split(' ').Contains(p.Name)),
                p => Assert.All(p.ParameterSets.Values, s => Assert.False(s.IsMandatory && s.Position >= 0 && p.ParameterSets.Count == 1 && s.ValueFromPipeline)));

            AssertContract("Disconnect-MeetingMigration", Array.Empty<string>(), new[] { "__AllParameterSets" }, null!, false, ConfirmImpact.None);
        }

        [Fact]
        public void Every_state_changing_cmdlet_supports_ShouldProcess_and_no_reader_does()
        {
            var commands = _ps.Ok("Get-Command -Module MeetingMigration").Select(o => (CommandInfo)o.BaseObject).ToList();
            foreach (var command in commands)
            {
                var verb = command.Name.Split('-')[0];
                var expected = verb is "Start" or "Set" or "Remove";
                Assert.True(expected == new CommandMetadata(command).SupportsShouldProcess, $"{command.Name}: SupportsShouldProcess should be {expected}");
            }
        }

        // ---- the manifest and the module folder ----

        private static readonly string[] ExpectedCmdlets =
        {
            "Connect-MeetingMigration", "Disconnect-MeetingMigration", "Get-CsMeetingMigrationStatus", "Get-CsOnlineDialInConferencingTenantSettings",
            "Get-CsTenantMigrationConfiguration", "Get-MeetingMigrationConferencingProfile", "Remove-CsOnlineDialInConferencingTenantSettings",
            "Set-CsOnlineDialInConferencingTenantSettings", "Set-CsTenantMigrationConfiguration", "Set-MeetingMigrationConferencingProfile",
            "Start-CsExMeetingMigration",
        };

        [Fact]
        public void The_manifest_exports_exactly_the_cmdlets_explicitly()
        {
            var manifest = (Hashtable)_ps.Ok("& ([scriptblock]::Create([System.IO.File]::ReadAllText($path)))", ("path", RepoPaths.ModuleManifest)).Single().BaseObject;
            var listed = ((object[])manifest["CmdletsToExport"]!).Cast<string>().ToList();

            Assert.DoesNotContain(listed, name => name.Contains('*') || name.Contains('?'));
            Assert.Equal(ExpectedCmdlets, listed.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Empty((object[])manifest["FunctionsToExport"]!);
            Assert.Empty((object[])manifest["AliasesToExport"]!);
            Assert.Empty((object[])manifest["VariablesToExport"]!);

            var exported = _ps.Ok("(Get-Module MeetingMigration).ExportedCommands.Keys").Select(o => (string)o.BaseObject).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(ExpectedCmdlets, exported);
            var fromGetCommand = _ps.Ok("Get-Command -Module MeetingMigration").Select(o => ((CommandInfo)o.BaseObject).Name).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(ExpectedCmdlets, fromGetCommand);
            Assert.All(_ps.Ok("Get-Command -Module MeetingMigration"), o => Assert.Equal(CommandTypes.Cmdlet, ((CommandInfo)o.BaseObject).CommandType));
        }

        [Fact]
        public void The_built_manifest_is_the_repository_manifest_and_passes_Test_ModuleManifest()
        {
            Assert.Equal(File.ReadAllText(RepoPaths.SourceManifest), File.ReadAllText(RepoPaths.ModuleManifest));

            var run = _ps.Run("Test-ModuleManifest -Path $path", ("path", RepoPaths.ModuleManifest)).AssertSuccess();
            var module = Assert.IsType<PSModuleInfo>(Assert.Single(run.Output).BaseObject);
            Assert.Equal("MeetingMigration", module.Name);
            Assert.Equal(new[] { "Core" }, module.CompatiblePSEditions);
            Assert.Equal(ExpectedCmdlets, module.ExportedCmdlets.Keys.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal("MeetingMigration.dll", module.RootModule);
        }

        [Fact]
        public void The_module_folder_ships_no_System_Management_Automation_and_has_what_it_loads()
        {
            var folder = RepoPaths.ModuleFolder;
            Assert.Empty(Directory.GetFiles(folder, "System.Management.Automation*.dll", SearchOption.AllDirectories));
            foreach (var file in new[]
                     {
                         "MeetingMigration.dll", "MeetingMigration.PowerShell.Isolation.dll", Path.Combine("dependencies", "MeetingMigration.Engine.dll"),
                         Path.Combine("dependencies", "Microsoft.Data.Sqlite.dll"), Path.Combine("dependencies", "Microsoft.Identity.Client.dll"),
                         "MeetingMigration.Format.ps1xml", "MeetingMigration.Types.ps1xml", Path.Combine("en-US", "MeetingMigration.dll-Help.xml"),
                     })
                Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing from {folder}");
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "dependencies", "runtimes"), "*e_sqlite3*", SearchOption.AllDirectories));
            // Any other dll in the root would be found by PowerShell's probing and loaded into the default context,
            // defeating the module's load context (see IsolationTests).
            Assert.Equal(new[] { "MeetingMigration.PowerShell.Isolation.dll", "MeetingMigration.dll" },
                Directory.GetFiles(folder, "*.dll").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(folder, "runtimes")), "runtimes/ belongs under dependencies/");
        }

        [Fact]
        public void The_module_is_loaded_from_the_module_folder_not_from_the_test_folder()
        {
            Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "MeetingMigration.dll")));
            Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "MeetingMigration.Engine.dll")));
            Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "Microsoft.Data.Sqlite.dll")));

            var module = (PSModuleInfo)_ps.Ok("Get-Module MeetingMigration").Single().BaseObject;
            Assert.Equal(Path.GetFullPath(RepoPaths.ModuleFolder).TrimEnd(Path.DirectorySeparatorChar), module.ModuleBase.TrimEnd(Path.DirectorySeparatorChar));
            Assert.StartsWith(Path.GetFullPath(RepoPaths.ModuleFolder), module.ImplementingAssembly.Location);
        }

        [Fact]
        public void Every_cmdlet_has_a_synopsis_in_its_source()
        {
            // Get-Help reads en-US/MeetingMigration.dll-Help.xml (built from docs/cmdlets); the XML doc comments keep a synopsis for the source.
            var sources = Directory.GetFiles(Path.Combine(RepoPaths.RepoRoot, "src", "MeetingMigration.PowerShell", "Cmdlets"), "*Command.cs");
            Assert.Equal(ExpectedCmdlets.Length, sources.Length);
            foreach (var source in sources)
                Assert.Matches(new Regex("<para type=\"synopsis\">\\S"), File.ReadAllText(source));
        }

        [Fact]
        public void Every_cmdlet_has_a_documentation_page()
        {
            foreach (var name in ExpectedCmdlets)
            {
                var page = Path.Combine(RepoPaths.RepoRoot, "docs", "cmdlets", name + ".md");
                Assert.True(File.Exists(page), $"{page} is missing");
                var text = File.ReadAllText(page);
                foreach (var section in new[] { "## SYNOPSIS", "## SYNTAX", "## PARAMETERS", "## EXAMPLES", "## OUTPUTS", "## NOTES" })
                    Assert.Contains(section, text);
                foreach (var parameter in Command(name).Parameters.Keys.Except(Common.Split(' ')))
                {
                    if (name == "Connect-MeetingMigration" && parameter != "StorePath" && parameter != "PassThru") continue; // Graph part documented by its author
                    if (Command(name).Parameters[parameter].Attributes.OfType<ParameterAttribute>().Any(a => a.DontShow)) continue;
                    Assert.Contains("### -" + parameter, text);
                }
            }
        }
    }
}
