using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Xml.Linq;

namespace MeetingMigration.HelpBuilder.Tests
{
    public sealed class MamlAndBuildTests
    {
        private static readonly XNamespace Msh = MamlWriter.MshNs, Maml = MamlWriter.MamlNs, Command = MamlWriter.CommandNs, Dev = MamlWriter.DevNs;

        private static XElement Build(string page = Samples.Page, CmdletMetadata? metadata = null)
        {
            var help = CommandHelpComposer.Compose(Samples.Parse(page), metadata ?? Samples.Metadata(), _ => { });
            var document = XDocument.Parse(MamlWriter.Write(new[] { help }));
            Assert.Equal(Msh + "helpItems", document.Root!.Name);
            Assert.Equal("maml", (string?)document.Root.Attribute("schema"));
            return Assert.Single(document.Root.Elements(Command + "command"));
        }

        private static string[] Paras(XElement? element) => element!.Elements(Maml + "para").Select(p => p.Value).ToArray();

        [Fact]
        public void Writes_the_MAML_elements_PowerShell_reads()
        {
            var command = Build();

            var details = command.Element(Command + "details")!;
            Assert.Equal(("Set-Widget", "Set", "Widget"), (details.Element(Command + "name")!.Value, details.Element(Command + "verb")!.Value, details.Element(Command + "noun")!.Value));
            // Escaped on the way in, read back as written.
            Assert.Equal(new[] { "Changes a widget; values such as <b> & \"quotes\" are escaped." }, Paras(details.Element(Maml + "description")));
            Assert.Equal(new[] { "First paragraph, on two lines.", "Second paragraph." }, Paras(command.Element(Maml + "description")));

            var items = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
            Assert.Equal(2, items.Count);
            Assert.All(items, i => Assert.Equal("Set-Widget", i.Element(Maml + "name")!.Value));
            var shape = items[0].Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "Shape");
            Assert.Equal(new[] { "Round", "Square" }, shape.Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => v.Value));
            var passThru = items[0].Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "PassThru");
            Assert.Null(passThru.Element(Command + "parameterValue")); // a switch takes no value in the syntax

            var name = command.Element(Command + "parameters")!.Elements(Command + "parameter").First();
            Assert.Equal("Name", name.Element(Maml + "name")!.Value);
            Assert.Equal(("true", "0", "True (ByPropertyName)", "false", "Id"),
                ((string?)name.Attribute("required"), (string?)name.Attribute("position"), (string?)name.Attribute("pipelineInput"), (string?)name.Attribute("globbing"), (string?)name.Attribute("aliases")));
            Assert.Equal(new[] { "The widget's name." }, Paras(name.Element(Maml + "description")));
            Assert.Equal("String", name.Element(Command + "parameterValue")!.Value);
            Assert.Equal("System.String", name.Element(Dev + "type")!.Element(Maml + "name")!.Value);
            Assert.Equal("None", name.Element(Dev + "defaultValue")!.Value);

            var input = command.Element(Command + "inputTypes")!.Elements(Command + "inputType").Single();
            Assert.Equal("System.String", input.Element(Dev + "type")!.Element(Maml + "name")!.Value);
            Assert.Equal(new[] { "None", "Sample.Widget" }, command.Element(Command + "returnValues")!.Elements(Command + "returnValue").Select(r => r.Element(Dev + "type")!.Element(Maml + "name")!.Value));

            Assert.Equal(new[] { "- One note that continues.", "- Another with code." /* inline-code backticks are dropped in the console text */ }, Paras(command.Element(Maml + "alertSet")!.Element(Maml + "alert")));

            var example = command.Element(Command + "examples")!.Elements(Command + "example").First();
            Assert.Contains("Example 1: Resize", example.Element(Maml + "title")!.Value);
            Assert.Equal("Set-Widget w1 -Size 3", example.Element(Dev + "code")!.Value);
            Assert.Equal(new[] { "Name Size\n---- ----\nw1      3", "Resizes w1." }, Paras(example.Element(Dev + "remarks")));

            var links = command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink").ToList();
            Assert.Equal(new[] { "Get-Widget", "Online" }, links.Select(l => l.Element(Maml + "linkText")!.Value));
            Assert.Equal("https://example.com/set-widget", links[1].Element(Maml + "uri")!.Value);
        }

        [Fact]
        public void Markup_in_the_text_is_escaped_not_interpreted()
        {
            var page = Samples.Page.Replace("The widget's name.", "A <name> & ]]> \"quoted\" 'too'.");
            var xml = MamlWriter.Write(new[] { CommandHelpComposer.Compose(Samples.Parse(page), Samples.Metadata(), _ => { }) });
            Assert.Contains("A &lt;name&gt; &amp; ]]&gt; \"quoted\" 'too'.", xml);
            var name = XDocument.Parse(xml).Descendants(Command + "parameter").First(p => p.Element(Maml + "name")!.Value == "Name");
            Assert.Equal("A <name> & ]]> \"quoted\" 'too'.", name.Element(Maml + "description")!.Element(Maml + "para")!.Value);
        }

        [Fact]
        public void Every_cmdlet_needs_its_page_and_every_page_its_cmdlet_and_all_problems_are_reported()
        {
            using var folder = new Samples.TempFolder();
            folder.Write("Set-Widget.md", Samples.Page.Replace("## EXAMPLES", "## EXAMPLE"));
            var stray = folder.Write("Remove-Widget.md", Samples.Page.Replace("# Set-Widget", "# Remove-Widget"));
            var cmdlets = new[] { Samples.Metadata(), Samples.Metadata() with { Name = "Get-Widget" } };

            var failure = Assert.Throws<HelpBuildFailedException>(() => HelpFileBuilder.Build(folder.Path, cmdlets, _ => { }));

            Assert.Equal(3, failure.Errors.Count);
            Assert.Contains(failure.Errors, e => e.File == Path.Combine(folder.Path, "Get-Widget.md") && e.Message.Contains("the page of cmdlet Get-Widget is missing"));
            Assert.Contains(failure.Errors, e => e.File == stray && e.Message.Contains("the module has no cmdlet named Remove-Widget"));
            Assert.Contains(failure.Errors, e => e.File == Path.Combine(folder.Path, "Set-Widget.md") && e.Message.Contains("unknown section '## EXAMPLE'"));
        }

        [Fact]
        public void The_program_writes_the_file_and_on_failure_removes_it_and_exits_1()
        {
            using var folder = new Samples.TempFolder();
            var docs = Path.Combine(folder.Path, "docs");
            Directory.CreateDirectory(docs);
            File.WriteAllText(Path.Combine(docs, "Set-Widget.md"), Samples.Page);
            var output = Path.Combine(folder.Path, "out", "en-US", "Sample.dll-Help.xml");

            Assert.Equal(0, Program.Main(new[] { docs, output }));
            Assert.Equal("Set-Widget", XDocument.Load(output).Descendants(Command + "name").First().Value);

            File.WriteAllText(Path.Combine(docs, "Set-Widget.md"), Samples.Page.Replace("## SYNTAX", "## SYNTAXES"));
            var error = new StringWriter();
            var original = Console.Error;
            Console.SetError(error);
            try
            {
                Assert.Equal(1, Program.Main(new[] { docs, output }));
            }
            finally
            {
                Console.SetError(original);
            }
            Assert.False(File.Exists(output));
            Assert.Contains(Path.Combine(docs, "Set-Widget.md") + "(", error.ToString());
            Assert.Contains("error MMHELP: unknown section '## SYNTAXES'", error.ToString());

            Assert.Equal(2, Program.Main(new[] { docs }));
        }

        [Fact]
        public void The_metadata_reader_sees_cmdlets_as_PowerShell_binds_them()
        {
            var cmdlets = CmdletMetadataReader.Read(typeof(SetSampleThingCommand).Assembly.Location, new[] { typeof(Cmdlet).Assembly.Location });

            Assert.Equal(new[] { "Get-SampleThing", "Set-SampleThing" }, cmdlets.Select(c => c.Name));
            var get = cmdlets[0];
            Assert.False(get.SupportsShouldProcess);
            Assert.Empty(get.Parameters);

            var set = cmdlets[1];
            Assert.True(set.SupportsShouldProcess);
            Assert.Equal("ByName", set.DefaultParameterSetName);
            Assert.Equal(new[] { "System.String", "MeetingMigration.HelpBuilder.Tests.SampleColor" }, set.OutputTypes);
            Assert.Equal(new[] { "Color", "Hidden", "InputObject", "Name", "PassThru", "Tags" }, set.Parameters.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));

            var name = set.Parameters.Single(p => p.Name == "Name");
            Assert.Equal(("String", "System.String", true, (int?)0, false, true), (name.TypeName, name.TypeFullName, name.Mandatory, name.Position, name.ByValue, name.ByPropertyName));
            Assert.Equal(new[] { "Id", "Key" }, name.Aliases);
            Assert.Equal("ByName", Assert.Single(name.Sets).SetName);

            var input = set.Parameters.Single(p => p.Name == "InputObject");
            Assert.Equal(("PSObject", true, true, (int?)null), (input.TypeName, input.Mandatory, input.ByValue, input.Position));

            var color = set.Parameters.Single(p => p.Name == "Color");
            Assert.Equal(("SampleColor", false), (color.TypeName, color.Mandatory)); // Nullable<SampleColor> is shown as SampleColor
            Assert.Equal(new[] { "Red", "Green" }, color.EnumValues);
            Assert.Equal("__AllParameterSets", Assert.Single(color.Sets).SetName);

            Assert.Equal(("String[]", "System.String[]"), (set.Parameters.Single(p => p.Name == "Tags").TypeName, set.Parameters.Single(p => p.Name == "Tags").TypeFullName));
            Assert.True(set.Parameters.Single(p => p.Name == "PassThru").IsSwitch);
            Assert.True(set.Parameters.Single(p => p.Name == "Hidden").DontShow);
            Assert.Equal(new[] { "WhatIf", "Confirm" }, set.AllParameters.Select(p => p.Name).Where(n => n is "WhatIf" or "Confirm"));
        }

        [Fact]
        public void The_repository_pages_all_read()
        {
            // docs/cmdlets as it is: every page parses and composes from the page alone (the build adds the metadata checks).
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder != null && !File.Exists(Path.Combine(folder.FullName, "MeetingMigration.sln"))) folder = folder.Parent;
            Assert.NotNull(folder);
            var docs = Path.Combine(folder!.FullName, "docs", "cmdlets");
            var warnings = new System.Collections.Generic.List<string>();

            var xml = XDocument.Parse(HelpFileBuilder.Build(docs, null, warnings.Add));

            Assert.Empty(warnings);
            Assert.Equal(Directory.GetFiles(docs, "*.md").Length, xml.Root!.Elements(Command + "command").Count());
            Assert.All(xml.Root.Elements(Command + "command"), c => Assert.NotEmpty(c.Element(Command + "examples")!.Elements(Command + "example")));
        }
    }
}
