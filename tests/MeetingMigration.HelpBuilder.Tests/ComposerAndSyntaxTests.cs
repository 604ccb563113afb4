using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.HelpBuilder.Tests
{
    public sealed class ComposerAndSyntaxTests
    {
        private static IReadOnlyList<SyntaxParser.Token> Tokens(string syntax) =>
            SyntaxParser.Parse("f.md", "Set-Widget", new SyntaxBlock(null, false, syntax, 3));

        [Fact]
        public void Syntax_lines_give_each_parameter_its_required_and_positional_form()
        {
            var tokens = Tokens("Set-Widget [[-Name] <String>] [-Path] <String[]> [-Size <Int32>] [-PassThru] -Mode <Mode>\n -Force [<CommonParameters>]");
            Assert.Equal(new[]
            {
                new SyntaxParser.Token("Name", "String", false, true),
                new SyntaxParser.Token("Path", "String[]", true, true),
                new SyntaxParser.Token("Size", "Int32", false, false),
                new SyntaxParser.Token("PassThru", null, false, false),
                new SyntaxParser.Token("Mode", "Mode", true, false),
                new SyntaxParser.Token("Force", null, true, false),
            }, tokens);
        }

        [Theory]
        [InlineData("Set-Widget [<the same parameters>]", "cannot read the syntax at '[<the same parameters>]'")]
        [InlineData("Set-Gadget [-Name <String>]", "does not start with the cmdlet name 'Set-Widget'")]
        [InlineData("Set-Widget [-Name <String>] [-Name <String>]", "lists -Name twice")]
        [InlineData("Set-Widget [-Name <String>", "cannot read the syntax")]
        public void A_syntax_line_that_cannot_be_read_is_an_error(string syntax, string message)
        {
            var error = Assert.Throws<HelpBuildException>(() => Tokens(syntax));
            Assert.Equal(("f.md", 3), (error.File, error.Line));
            Assert.Contains(message, error.Message);
        }

        [Fact]
        public void Without_metadata_the_page_tables_and_syntax_give_the_binding()
        {
            var warnings = new List<string>();
            var help = CommandHelpComposer.Compose(Samples.Parse(), null, warnings.Add);

            Assert.Empty(warnings);
            var name = help.Parameters.Single(p => p.Name == "Name");
            Assert.Equal((true, (int?)0, "True (ByPropertyName)", "Id", "None"), (name.Required, name.Position, name.PipelineInput, name.AliasesText, name.DefaultValue));
            // -Size has no table: its type comes from the syntax, and it is optional and named there.
            var size = help.Parameters.Single(p => p.Name == "Size");
            Assert.Equal(("Int32", false, (int?)null, "False", "none"), (size.TypeName, size.Required, size.Position, size.PipelineInput, size.AliasesText));
            var passThru = help.Parameters.Single(p => p.Name == "PassThru");
            Assert.True(passThru.IsSwitch);
            Assert.Equal("False", passThru.DefaultValue);
            Assert.Equal(new[] { "Round", "Square" }, help.Parameters.Single(p => p.Name == "Shape").AcceptedValues);

            Assert.Equal(new[] { "Name", "Input" }, help.Syntax.Select(s => s.SetName));
            var first = help.Syntax[0].Parameters;
            Assert.Equal(new[] { "Name", "Size", "Shape", "PassThru", "WhatIf", "Confirm" }, first.Select(p => p.Parameter.Name));
            Assert.Equal((true, (int?)0), (first[0].Required, first[0].Position));
            Assert.Equal((true, (int?)null), (help.Syntax[1].Parameters[0].Required, help.Syntax[1].Parameters[0].Position));
        }

        [Fact]
        public void Metadata_fills_what_the_page_leaves_out()
        {
            var warnings = new List<string>();
            var help = CommandHelpComposer.Compose(Samples.Parse(), Samples.Metadata(), warnings.Add);

            Assert.Empty(warnings);
            var size = help.Parameters.Single(p => p.Name == "Size");
            Assert.Equal(("Int32", "System.Int32", "None"), (size.TypeName, size.TypeFullName, size.DefaultValue));
            var input = help.Parameters.Single(p => p.Name == "InputObject");
            Assert.Equal((true, "True (ByValue)", "System.Management.Automation.PSObject"), (input.Required, input.PipelineInput, input.TypeFullName));
            // WhatIf and Confirm come from ShouldProcess, with PowerShell's aliases.
            Assert.Equal("wi", help.Parameters.Single(p => p.Name == "WhatIf").AliasesText);
            Assert.True(help.Parameters.Single(p => p.Name == "Confirm").IsSwitch);
            // The page's accepted values win over the enum's names; the page's default value is kept.
            var shape = help.Parameters.Single(p => p.Name == "Shape");
            Assert.Equal(new[] { "Round", "Square" }, shape.AcceptedValues);
            Assert.Equal("Round", shape.DefaultValue);
        }

        [Fact]
        public void Where_the_page_says_otherwise_the_cmdlet_wins_with_a_warning_naming_the_file()
        {
            var metadata = Samples.Metadata(p => p.Name == "Name"
                ? p with { Aliases = new[] { "Key" }, Sets = new[] { new ParameterSetBinding("Name", false, 1, true, true) } }
                : p);
            var warnings = new List<string>();
            var name = CommandHelpComposer.Compose(Samples.Parse(), metadata, warnings.Add).Parameters.Single(p => p.Name == "Name");

            Assert.Equal((false, (int?)1, "True (ByValue, ByPropertyName)", "Key"), (name.Required, name.Position, name.PipelineInput, name.AliasesText));
            Assert.Equal(4, warnings.Count);
            Assert.All(warnings, w => Assert.StartsWith(Samples.File + "(", w));
            Assert.All(warnings, w => Assert.Contains(": warning MMHELP: -Name: the page says ", w));
            Assert.Contains(warnings, w => w.Contains("Required 'True' but the cmdlet says 'False'"));
            Assert.Contains(warnings, w => w.Contains("Accept pipeline input 'True (ByPropertyName)' but the cmdlet says 'True (ByValue, ByPropertyName)'"));
        }

        [Fact]
        public void An_undocumented_parameter_of_the_cmdlet_is_an_error()
        {
            var metadata = Samples.Metadata() with
            {
                Parameters = Samples.Metadata().Parameters.Append(new ParameterMetadata("Color", "String", "System.String", false,
                    new string[0], new[] { new ParameterSetBinding("__AllParameterSets", false, null, false, false) }, false, new string[0])).ToList(),
            };
            var error = Assert.Throws<HelpBuildException>(() => CommandHelpComposer.Compose(Samples.Parse(), metadata, _ => { }));
            Assert.Equal(Samples.File, error.File);
            Assert.Contains("parameter -Color of Set-Widget is not documented", error.Message);
        }

        [Fact]
        public void A_documented_parameter_the_cmdlet_does_not_have_is_an_error()
        {
            var metadata = Samples.Metadata() with { Parameters = Samples.Metadata().Parameters.Where(p => p.Name != "Size").ToList() };
            var error = Assert.Throws<HelpBuildException>(() => CommandHelpComposer.Compose(Samples.Parse(), metadata, _ => { }));
            Assert.Contains("parameter -Size is documented but Set-Widget has no such parameter", error.Message);

            // WhatIf and Confirm are documented, so the cmdlet must support ShouldProcess.
            error = Assert.Throws<HelpBuildException>(() => CommandHelpComposer.Compose(Samples.Parse(), Samples.Metadata(shouldProcess: false), _ => { }));
            Assert.Contains("parameter -WhatIf is documented but Set-Widget has no such parameter", error.Message);
        }

        [Fact]
        public void A_hidden_parameter_stays_out_of_the_help()
        {
            var metadata = Samples.Metadata(p => p.Name == "Size" ? p with { DontShow = true } : p);
            var text = Samples.Page.Replace(" [-Size <Int32>]", "");
            var help = CommandHelpComposer.Compose(Samples.Parse(text), metadata, _ => { });
            Assert.DoesNotContain(help.Parameters, p => p.Name == "Size");
        }

        [Fact]
        public void A_syntax_line_naming_an_unknown_parameter_is_an_error()
        {
            var text = Samples.Page.Replace("[-Shape <WidgetShape>]", "[-Shape <WidgetShape>] [-Colour <String>]");
            var error = Assert.Throws<HelpBuildException>(() => CommandHelpComposer.Compose(Samples.Parse(text), Samples.Metadata(), _ => { }));
            Assert.Contains("the syntax uses -Colour, which is not documented under ## PARAMETERS and is not a parameter of Set-Widget", error.Message);
        }

        [Fact]
        public void Without_INPUTS_and_OUTPUTS_the_cmdlet_tells_them()
        {
            var text = Samples.Page.Substring(0, Samples.Page.IndexOf("## INPUTS")) + Samples.Page.Substring(Samples.Page.IndexOf("## NOTES"));
            var help = CommandHelpComposer.Compose(Samples.Parse(text), Samples.Metadata(), _ => { });
            Assert.Equal(new[] { "System.String", "System.Management.Automation.PSObject" }, help.Inputs.Select(i => i.TypeName));
            Assert.Equal(new[] { "Sample.Widget" }, help.Outputs.Select(o => o.TypeName));

            help = CommandHelpComposer.Compose(Samples.Parse(text), Samples.Metadata(outputs: new string[0]), _ => { });
            Assert.Equal(new[] { "None" }, help.Outputs.Select(o => o.TypeName));
        }

        [Theory]
        [InlineData("Required: True\n", "Required: Yes\n", "Required 'Yes' does not start with True or False")]
        [InlineData("Position: 0\n", "Position: first\n", "Position 'first' is neither 'Named' nor a number")]
        [InlineData("Accept pipeline input: True (ByPropertyName)\n", "Accept pipeline input: True (ByName)\n", "Accept pipeline input 'True (ByName)' should be")]
        public void A_table_value_that_cannot_be_read_is_an_error(string original, string replacement, string message)
        {
            var error = Assert.Throws<HelpBuildException>(() => CommandHelpComposer.Compose(Samples.Parse(Samples.Page.Replace(original, replacement)), Samples.Metadata(), _ => { }));
            Assert.Equal(Samples.File, error.File);
            Assert.Contains(message, error.Message);
        }
    }
}
