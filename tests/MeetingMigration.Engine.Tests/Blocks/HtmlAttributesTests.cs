using MeetingMigration.Engine.Blocks.Html;
using Xunit;

namespace MeetingMigration.Engine.Tests.Blocks;

/// <summary>
/// Attribute reading on a start tag: only the value asked for is copied out (issue 9), so these pin down what a value is
/// when other attributes come before it, how it is decoded, and how a class list is matched.
/// </summary>
public class HtmlAttributesTests
{
    private static (string Html, HtmlToken Tag) Tag(string html) => (html, HtmlDocument.Parse(html).Tokens[0]);

    [Theory]
    [InlineData("<a style=\"color:red\" href=\"https://x.test/a\">", "href", "https://x.test/a")]
    [InlineData("<a HREF='https://x.test/b'>", "href", "https://x.test/b")]
    [InlineData("<a title=\"1 > 0\" id = \"OutJoinLink\">", "id", "OutJoinLink")]
    [InlineData("<a name=bookmark1 href=x>", "name", "bookmark1")]
    [InlineData("<a href=\"a&amp;b&#x3D;c\">", "href", "a&b=c")]
    [InlineData("<a href>", "href", "")]
    [InlineData("<a data-tid=\"meeting-code\" data-tid=\"other\">", "data-tid", "meeting-code")]
    [InlineData("<a href=\"open-ended>", "href", "open-ended>")] // the quote left open runs to the end of the tag
    public void Get_returns_the_decoded_value_of_the_first_attribute_of_that_name(string html, string name, string expected)
    {
        var (text, tag) = Tag(html);
        Assert.Equal(expected, HtmlAttributes.Get(text, tag, name));
        Assert.True(HtmlAttributes.Has(text, tag, name));
    }

    [Theory]
    [InlineData("<a style=\"href=x\">", "href")]
    [InlineData("<a data-href=\"x\">", "href")]
    [InlineData("<a hreflang=\"en\">", "href")]
    [InlineData("<p>", "class")]
    public void Get_and_Has_find_nothing_where_the_tag_has_no_such_attribute(string html, string name)
    {
        var (text, tag) = Tag(html);
        Assert.Null(HtmlAttributes.Get(text, tag, name));
        Assert.False(HtmlAttributes.Has(text, tag, name));
    }

    [Theory]
    [InlineData("<div class=\"me-email-text\">", true)]
    [InlineData("<div class=\"x_x_me-email-text\">", true)]
    [InlineData("<div class=\"other\tME-EMAIL-TEXT\nlast\">", true)]
    [InlineData("<div class=\"  me-email-text  \">", true)]
    [InlineData("<div class=me-email-text>", true)]
    [InlineData("<div class=\"me&#45;email-text\">", true)]
    [InlineData("<div class=\"me-email-text2\">", false)]
    [InlineData("<div class=\"xme-email-text\">", false)]
    [InlineData("<div class=\"me-email\">", false)]
    [InlineData("<div class=\"\">", false)]
    [InlineData("<div class>", false)]
    [InlineData("<div id=\"me-email-text\">", false)]
    public void HasClass_matches_one_class_of_the_list_whole_in_any_case_without_copy_prefixes(string html, bool expected)
    {
        var (text, tag) = Tag(html);
        Assert.Equal(expected, HtmlAttributes.HasClass(text, tag, "me-email-text"));
    }

    [Theory]
    [InlineData("<p>&nbsp;&NBSP;&#160;&#xA0;&#8203; </p>", true)]
    [InlineData("<p>&nbsp</p>", false)]
    [InlineData("<p>&amp;</p>", false)]
    [InlineData("<p><a href=\"x\"></a></p>", false)]
    [InlineData("<p><a name=\"x\"></a></p>", true)]
    public void Blank_entities_and_links_decide_whether_a_range_is_insignificant(string html, bool expected)
    {
        var doc = HtmlDocument.Parse(html);
        Assert.Equal(expected, HtmlRanges.IsInsignificant(doc, 0, html.Length));
    }
}
