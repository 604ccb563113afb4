using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MeetingMigration.Tests.Infrastructure;

namespace MeetingMigration.Tests
{
    /// <summary>
    /// Get-Help as an admin runs it: the module's MAML file (en-US/MeetingMigration.dll-Help.xml, generated from
    /// docs/cmdlets at build time) gives every cmdlet its synopsis, description, examples, notes and described parameters,
    /// and the binding facts shown for each parameter are the cmdlet's own.
    /// </summary>
    public sealed class HelpTests : IDisposable
    {
        private readonly ModuleRunspace _ps = new ModuleRunspace(connect: false);

        public void Dispose() => _ps.Dispose();

        private static readonly string[] CmdletNames =
        {
            "Connect-MeetingMigration", "Disconnect-MeetingMigration", "Get-CsMeetingMigrationStatus", "Get-CsOnlineDialInConferencingTenantSettings",
            "Get-CsTenantMigrationConfiguration", "Get-MeetingMigrationConferencingProfile", "Remove-CsOnlineDialInConferencingTenantSettings",
            "Set-CsOnlineDialInConferencingTenantSettings", "Set-CsTenantMigrationConfiguration", "Set-MeetingMigrationConferencingProfile",
            "Start-CsExMeetingMigration",
        };

        public static TheoryData<string> Cmdlets => new TheoryData<string>(CmdletNames);

        private static string HelpFile => Path.Combine(RepoPaths.ModuleFolder, "en-US", "MeetingMigration.dll-Help.xml");

        /// <summary>What the console shows: the command run in the management shell, its output formatted by PowerShell.</summary>
        private static string Shown(string command)
        {
            using var store = new TempStore();
            var result = ShellRunner.Run(store.StorePath, "-Command", command);
            Assert.True(result.ExitCode == 0, result.ToString());
            return result.StandardOutput;
        }

        private PSObject Help(string name, string switches = "-Full") =>
            _ps.Ok($"Get-Help -Name $n {switches}", ("n", name)).Single();

        /// <summary>The text of MAML text nodes as Get-Help returns them (an array of objects with a Text property).</summary>
        private static string Text(object? value)
        {
            if (value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject) value = wrapped.BaseObject;
            switch (value)
            {
                case null: return "";
                case string s: return s;
                case System.Collections.IEnumerable items and not PSObject: return string.Join("\n", items.Cast<object?>().Select(Text));
                default:
                    var text = PSObject.AsPSObject(value).Properties["Text"]?.Value;
                    return text == null ? value.ToString() ?? "" : Text(text);
            }
        }

        private static object? Get(object? item, string name)
        {
            if (item == null) return null;
            var value = PSObject.AsPSObject(item).Properties[name]?.Value;
            return value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value;
        }

        private static IReadOnlyList<PSObject> Items(object? value) =>
            value switch
            {
                null => Array.Empty<PSObject>(),
                PSObject { BaseObject: object[] array } => array.Select(PSObject.AsPSObject).ToList(),
                object[] array => array.Select(PSObject.AsPSObject).ToList(),
                _ => new[] { PSObject.AsPSObject(value) },
            };

        /// <summary>The page's ## SYNOPSIS as one line (soft breaks joined).</summary>
        private static string PageSynopsis(string name)
        {
            var text = File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "docs", "cmdlets", name + ".md")).Replace("\r\n", "\n");
            var match = Regex.Match(text, @"\n## SYNOPSIS\n(.*?)\n## ", RegexOptions.Singleline);
            Assert.True(match.Success, $"{name}.md has no ## SYNOPSIS");
            return Regex.Replace(match.Groups[1].Value.Trim(), @"\s*\n\s*", " ");
        }

        [Fact]
        public void The_help_covers_exactly_the_exported_cmdlets()
        {
            var exported = _ps.Ok("(Get-Module MeetingMigration).ExportedCmdlets.Keys").Select(o => (string)o.BaseObject).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(CmdletNames, exported);

            Assert.True(File.Exists(HelpFile), $"{HelpFile} is missing: the build did not generate the help.");
            var document = XDocument.Load(HelpFile);
            XNamespace msh = "http://msh", command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
            Assert.Equal(msh + "helpItems", document.Root!.Name);
            Assert.Equal("maml", (string?)document.Root.Attribute("schema"));
            var names = document.Root.Elements(command + "command").Select(c => (string)c.Element(command + "details")!.Element(command + "name")!);
            Assert.Equal(CmdletNames, names.OrderBy(n => n, StringComparer.Ordinal));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Get_Help_Full_shows_the_page(string name)
        {
            var help = Help(name);

            // Without MAML help the "synopsis" is the syntax line; with it, the page's synopsis.
            var synopsis = Text(Get(help, "Synopsis")).Trim();
            Assert.DoesNotContain("<CommonParameters>", synopsis);
            Assert.False(synopsis.StartsWith(name, StringComparison.OrdinalIgnoreCase), $"{name}: the synopsis is the syntax: {synopsis}");
            Assert.Equal(PageSynopsis(name), Regex.Replace(synopsis, @"\s+", " "));

            Assert.False(string.IsNullOrWhiteSpace(Text(Get(help, "description"))), $"{name}: no description");

            var examples = Items(Get(Get(help, "examples"), "example"));
            Assert.NotEmpty(examples);
            Assert.All(examples, e => Assert.False(string.IsNullOrWhiteSpace(Text(Get(e, "code"))), $"{name}: an example without code"));
            Assert.All(examples, e => Assert.Contains("Example", Text(Get(e, "title"))));

            Assert.False(string.IsNullOrWhiteSpace(Text(Get(help, "alertSet"))), $"{name}: no notes");
            Assert.NotEmpty(Items(Get(Get(help, "syntax"), "syntaxItem")));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Every_parameter_is_described_with_the_cmdlets_own_binding(string name)
        {
            var command = (CmdletInfo)_ps.Ok("Get-Command -Name $n -Module MeetingMigration", ("n", name)).Single().BaseObject;
            var described = Items(Get(Get(Help(name), "parameters"), "parameter"))
                .ToDictionary(p => Text(Get(p, "name")), StringComparer.OrdinalIgnoreCase);

            var shown = command.Parameters.Values
                .Where(p => !Cmdlet.CommonParameters.Contains(p.Name))
                .Where(p => !p.Attributes.OfType<ParameterAttribute>().Any(a => a.DontShow))
                .ToList();
            foreach (var parameter in shown)
            {
                Assert.True(described.TryGetValue(parameter.Name, out var help), $"{name}: -{parameter.Name} is not in Get-Help's parameters");
                Assert.False(string.IsNullOrWhiteSpace(Text(Get(help, "description"))), $"{name}: -{parameter.Name} has no description");
                var sets = parameter.ParameterSets.Values;
                Assert.Equal(sets.Any(s => s.IsMandatory) ? "true" : "false", Text(Get(help, "required")));
                var position = sets.Select(s => s.Position).Where(p => p >= 0).Select(p => p.ToString()).FirstOrDefault() ?? "named";
                Assert.Equal(position, Text(Get(help, "position")));
                var byValue = sets.Any(s => s.ValueFromPipeline);
                var byName = sets.Any(s => s.ValueFromPipelineByPropertyName);
                var pipeline = Text(Get(help, "pipelineInput"));
                Assert.True(pipeline.StartsWith(byValue || byName ? "True" : "False", StringComparison.Ordinal), $"{name}: -{parameter.Name} pipelineInput '{pipeline}'");
                Assert.Equal(byValue, pipeline.Contains("ByValue"));
                Assert.Equal(byName, pipeline.Contains("ByPropertyName"));
                var type = Text(Get(Get(help, "type"), "name"));
                var expected = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                Assert.Equal(expected.FullName, type);
            }
            // Nothing hidden or invented: the help lists exactly those parameters.
            Assert.Equal(shown.Select(p => p.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase),
                described.Keys.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        }

        [Fact]
        public void Get_Help_Parameter_Identity_of_Start_CsExMeetingMigration_shows_the_pipeline_input()
        {
            var parameter = _ps.Ok("Get-Help Start-CsExMeetingMigration -Parameter Identity").Single();
            Assert.Equal("Identity", Text(Get(parameter, "name")));
            Assert.Equal("True (ByValue, ByPropertyName)", Text(Get(parameter, "pipelineInput")));
            Assert.Equal("true", Text(Get(parameter, "required")));
            Assert.Equal("0", Text(Get(parameter, "position")));

            // As the console shows it.
            var shown = Shown("Get-Help Start-CsExMeetingMigration -Parameter Identity");
            Assert.Matches(@"Accept pipeline input\?\s+True \(ByValue, ByPropertyName\)", shown);
            Assert.Matches(@"Required\?\s+true", shown);
            Assert.Matches(@"Position\?\s+0", shown);
            Assert.Contains("UserPrincipalName, SipAddress, UserId", shown);
            Assert.Contains("InvalidIdentity", shown);
        }

        [Fact]
        public void A_parameter_the_page_describes_without_a_table_gets_its_binding_from_the_cmdlet()
        {
            // Set-MeetingMigrationConferencingProfile's page has prose only for its parameters.
            var identity = _ps.Ok("Get-Help Set-MeetingMigrationConferencingProfile -Parameter Identity").Single();
            Assert.Equal("true", Text(Get(identity, "required")));
            Assert.Equal("0", Text(Get(identity, "position")));
            Assert.Equal("True (ByPropertyName)", Text(Get(identity, "pipelineInput")));
            Assert.Equal("System.String", Text(Get(Get(identity, "type"), "name")));

            var tollFree = _ps.Ok("Get-Help Set-MeetingMigrationConferencingProfile -Parameter TollFreeNumber").Single();
            Assert.Equal("String[]", Text(Get(tollFree, "parameterValue")));
            Assert.Equal("false", Text(Get(tollFree, "required")));
            Assert.Equal("named", Text(Get(tollFree, "position")));
        }

        [Fact]
        public void Get_Help_Full_and_Examples_read_as_the_pages_say()
        {
            var full = Shown("Get-Help Start-CsExMeetingMigration -Full");
            Assert.Contains("Queues a user's future meetings for migration", full);
            Assert.Contains("Start-CsExMeetingMigration [-Identity] <String>", full);
            Assert.Matches(@"\[-SourceMeetingType \{All \| SfB \| Teams\}\]", full);
            Assert.Contains("A second Start for a user whose request is still Pending is merged", full);
            Assert.Contains("MeetingMigration.PowerShell.Output.MeetingMigrationStatus", full);

            var examples = Shown("Get-Help Start-CsExMeetingMigration -Examples");
            Assert.Contains("Example 4: Many users from a CSV file", examples);
            Assert.Contains("Import-Csv .\\users.csv | Start-CsExMeetingMigration", examples);
            Assert.Contains("Objects bind by their `Identity`", examples);

            // Two parameter sets, two syntax lines, each as the page writes it.
            var syntax = Shown("Get-Help Set-CsTenantMigrationConfiguration");
            Assert.Contains("Set-CsTenantMigrationConfiguration [[-Identity] <String>]", syntax);
            Assert.Contains("Set-CsTenantMigrationConfiguration -Instance <PSObject>", syntax);
        }
    }
}
