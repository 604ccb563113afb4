using System.Linq;

namespace MeetingMigration.HelpBuilder.Tests
{
    public sealed class MarkdownPageParserTests
    {
        [Fact]
        public void Reads_every_section_of_a_platyPS_page()
        {
            var page = Samples.Parse();

            Assert.Equal("Set-Widget", page.Name);
            Assert.Equal("Changes a widget; values such as <b> & \"quotes\" are escaped.", Assert.Single(page.Synopsis).Text);
            Assert.Equal(new[] { "First paragraph, on two lines.", "Second paragraph." }, page.Description.Select(b => b.Text));

            Assert.Equal(2, page.Syntax.Count);
            Assert.Equal(("Name", true), (page.Syntax[0].SetName, page.Syntax[0].IsDefault));
            Assert.Equal(("Input", false), (page.Syntax[1].SetName, page.Syntax[1].IsDefault));
            Assert.StartsWith("Set-Widget [-Name] <String>", page.Syntax[0].Text);

            Assert.Equal(2, page.Examples.Count);
            var first = page.Examples[0];
            Assert.Equal("Example 1: Resize", first.Title);
            Assert.Equal("Set-Widget w1 -Size 3", first.Code);
            // The output block stays in the remarks, its lines kept.
            Assert.Equal(BlockKind.Code, first.Remarks[0].Kind);
            Assert.Equal("Name Size\n---- ----\nw1      3", first.Remarks[0].Text);
            Assert.Equal("Resizes `w1`.", first.Remarks[1].Text);
            Assert.Empty(page.Examples[1].Remarks);

            Assert.Equal(new[] { "Name", "InputObject", "Size", "Shape", "PassThru", "WhatIf", "Confirm" }, page.Parameters.Select(p => p.Name));
            var name = page.Parameters[0];
            Assert.Equal("True (ByPropertyName)", name.Fields["Accept pipeline input"]);
            Assert.Equal("Id", name.Fields["Aliases"]);
            Assert.Equal("The widget's name.", Assert.Single(name.Description).Text);
            Assert.Empty(page.Parameters[2].Fields);
            // Text after the yaml block belongs to the description.
            Assert.Equal(new[] { "The shape.", "Shapes can be changed only once." }, page.Parameters[3].Description.Select(b => b.Text));
            Assert.Equal("This cmdlet supports the common parameters.", Assert.Single(page.CommonParameters).Text);

            Assert.Equal(("System.String", "A name, by property name."), (page.Inputs.Single().TypeName, page.Inputs.Single().Description.Single().Text));
            Assert.Equal(new[] { "None", "Sample.Widget" }, page.Outputs.Select(o => o.TypeName));

            Assert.Equal(new[] { BlockKind.ListItem, BlockKind.ListItem }, page.Notes.Select(n => n.Kind));
            Assert.Equal("One note that continues.", page.Notes[0].Text);
            Assert.Equal(new[] { new RelatedLink("Get-Widget", ""), new RelatedLink("Online", "https://example.com/set-widget") }, page.RelatedLinks);
        }

        [Fact]
        public void The_front_matters_online_version_is_the_first_related_link_the_one_Get_Help_Online_opens()
        {
            var page = Samples.Parse(Samples.Page.Replace("Module Name: Sample", "Module Name: Sample\nonline version: https://example.com/docs/Set-Widget.md"));

            Assert.Equal(new RelatedLink("Online Version:", "https://example.com/docs/Set-Widget.md"), page.RelatedLinks[0]);
            Assert.Equal(3, page.RelatedLinks.Count);
            // Empty, or not an absolute URI: no link (the page's own links only).
            Assert.Equal(2, Samples.Parse(Samples.Page.Replace("Module Name: Sample", "Module Name: Sample\nonline version:")).RelatedLinks.Count);
            Assert.Equal(2, Samples.Parse(Samples.Page.Replace("Module Name: Sample", "Module Name: Sample\nonline version: docs/x.md")).RelatedLinks.Count);
        }

        [Fact]
        public void A_single_unnamed_syntax_block_and_prose_only_outputs_are_read()
        {
            var text = Samples.Page
                .Replace("### Name (Default)\n", "").Replace("\n### Input\n```\nSet-Widget -InputObject <PSObject> [-Size <Int32>] [-PassThru] [-WhatIf] [-Confirm] [<CommonParameters>]\n```\n", "")
                .Replace("### None\nBy default.\n\n### Sample.Widget\nWith -PassThru.", "None, or `Sample.Widget` with -PassThru.");
            var page = Samples.Parse(text);

            var syntax = Assert.Single(page.Syntax);
            Assert.Null(syntax.SetName);
            var output = Assert.Single(page.Outputs);
            Assert.Equal("", output.TypeName);
            Assert.Equal("None, or `Sample.Widget` with -PassThru.", output.Description.Single().Text);
            Assert.True(page.HasOutputs);
        }

        [Fact]
        public void Windows_line_endings_read_the_same()
        {
            var page = Samples.Parse(Samples.Page.Replace("\n", "\r\n"));
            Assert.Equal("Set-Widget w1 -Size 3", page.Examples[0].Code);
            Assert.Equal("Name Size\n---- ----\nw1      3", page.Examples[0].Remarks[0].Text);
        }

        [Theory]
        [InlineData("## DESCRIPTION\nFirst paragraph,\non two lines.\n\nSecond paragraph.\n\n", "", "the section '## DESCRIPTION' is missing")]
        [InlineData("## NOTES\n", "## NOTE\n", "unknown section '## NOTE'")]
        [InlineData("```powershell\nGet-Widget | Set-Widget -Size 1\n```\n", "Get-Widget | Set-Widget -Size 1\n", "example 'Example 2' has no ```powershell code block")]
        [InlineData("### -Size\nThe size, 1 to 10.\n", "### -Size\n", "parameter -Size has no description")]
        [InlineData("Accept wildcard characters: False\n", "Accept wildcard characters False\n", "is not 'Key: value'")]
        [InlineData("Default value: Round\n", "Default: Round\n", "unknown yaml key 'Default'")]
        [InlineData("### -PassThru\n", "### PassThru\n", "'### PassThru' is not a parameter heading")]
        [InlineData("# Set-Widget\n", "# Set-Gadget\n", "the title 'Set-Gadget' does not match the file name ('Set-Widget')")]
        [InlineData("## SYNOPSIS\nChanges a widget; values such as <b> & \"quotes\" are\nescaped.\n", "## SYNOPSIS\n", "'## SYNOPSIS' is empty")]
        [InlineData("### Example 1: Resize\n", "Loose text.\n\n### Example 1: Resize\n", "text in '## EXAMPLES' outside a '### Example' subsection")]
        [InlineData("## RELATED LINKS", "## RELATED LINKS\n\n## NOTES", "section '## NOTES' appears twice")]
        public void A_malformed_page_is_an_error_naming_the_file(string original, string replacement, string message)
        {
            Assert.Contains(original, Samples.Page);
            var error = Assert.Throws<HelpBuildException>(() => Samples.Parse(Samples.Page.Replace(original, replacement)));
            Assert.Equal(Samples.File, error.File);
            Assert.Contains(message, error.Message);
            Assert.StartsWith(Samples.File, error.ToMSBuildError());
            Assert.Contains(": error MMHELP: ", error.ToMSBuildError());
        }

        [Fact]
        public void An_unclosed_code_block_is_an_error_at_its_line()
        {
            var text = Samples.Page + "\n```powershell\nGet-Widget\n";
            var error = Assert.Throws<HelpBuildException>(() => Samples.Parse(text));
            Assert.Contains("not closed", error.Message);
            Assert.Equal(text.Split('\n').ToList().LastIndexOf("```powershell") + 1, error.Line);
            Assert.Matches(@"^docs/cmdlets/Set-Widget\.md\(\d+\): error MMHELP: ", error.ToMSBuildError());
        }

        [Fact]
        public void Headings_inside_code_blocks_are_code()
        {
            var text = Samples.Page.Replace("Set-Widget w1 -Size 3\n", "# a comment, not a title\n## nor a section\nSet-Widget w1 -Size 3\n");
            var page = Samples.Parse(text);
            Assert.Equal("# a comment, not a title\n## nor a section\nSet-Widget w1 -Size 3", page.Examples[0].Code);
        }
    }
}
