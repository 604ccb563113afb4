using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MeetingMigration.Sandbox.Seeding;
using MeetingMigration.Sandbox.Tests.Reference;
using Xunit;

namespace MeetingMigration.Sandbox.Tests;

/// <summary>
/// The hand-written HTML scanners behind bodyPreview and the text conversion must give exactly what the regular expressions
/// that defined them give (<see cref="ReferenceHtmlText"/>): on real invitations, on every character in the places where
/// a pattern decides (name, word boundary, spacing), and on random tag soup.
/// </summary>
public class HtmlTextTests
{
    [Fact]
    public void Generated_invitations_convert_as_the_regexes_convert_them()
    {
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions { Users = 20, MeetingsPerUser = 20, Seed = 3 });
        var bodies = tenant.Meetings().Select(m => m.Event.Body).ToList();
        Assert.Contains(bodies, b => b.ContentType == "html");
        foreach (var body in bodies) AssertSame(body.Content, body.ContentType);
    }

    [Fact]
    public void Every_character_around_the_tag_names_is_judged_as_the_regexes_judge_it()
    {
        var templates = new[]
        {
            "a<br{0}>b", "a<{0}br>b", "a</p{0}x>b", "a</DIV{0}>b", "a</h3{0}>b", "x<head{0}>hidden</head>y", "x<style>s</style{0}>y",
            "x<script{0}>s</SCRIPT >y", "x<STYLE>s</sty{0}le>y", "a<{0}/li>b", "a<b{0}r>b", "a</h{0}>b", "p{0}q &amp;{0} r",
        };
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var ch = ((char)c).ToString();
            foreach (var template in templates) AssertSame(string.Format(template, ch), "html");
        }
    }

    [Fact]
    public void Random_tag_soup_converts_as_the_regexes_convert_it()
    {
        var pieces = new[]
        {
            "<", ">", "/", " ", "\r\n", "\t", "\u00A0", "\u2028", "\u200D", "\u0301", "_", "é", "x", "7", "&amp;", "&lt;", "&#233;", "&nbsp;", "&bogus",
            "br", "BR", "p", "/p", "div", "/Div", "tr", "/tr", "h1", "/h6", "/h7", "li", "/LI", "head", "HEAD", "style", "/style", "script",
            "/script", "</", "<br>", "<br/>", "< br >", "<head>", "</head>", "<style type=\"x\">", "</style >", "<p>", "</p>", "text", "  ",
        };
        var random = new Random(12345);
        for (var n = 0; n < 20_000; n++)
        {
            var text = new StringBuilder();
            var length = random.Next(1, 40);
            for (var k = 0; k < length; k++) text.Append(pieces[random.Next(pieces.Length)]);
            AssertSame(text.ToString(), "html");
        }
    }

    [Fact]
    public void Long_text_is_collapsed_and_cut_as_before()
    {
        var words = string.Concat(Enumerable.Range(0, 200).Select(i => (i % 7 == 0 ? "  \r\n " : " ") + "w" + i));
        AssertSame(words, "text");
        AssertSame("   " + new string('x', 254) + "   y z", "text");
        AssertSame(new string('x', 255) + " ", "text");
        AssertSame(new string('x', 254) + "  y", "text");
        AssertSame(" \t ", "text");
        AssertSame("", "html");
    }

    private static void AssertSame(string content, string contentType)
    {
        if (contentType == "html")
        {
            Assert.Equal(ReferenceHtmlText.RemoveInvisibleBlocks(content), HtmlText.RemoveInvisibleBlocks(content));
            Assert.Equal(ReferenceHtmlText.ReplaceLineBreakTags(content), HtmlText.ReplaceLineBreakTags(content));
            Assert.Equal(ReferenceHtmlText.RemoveTags(content), HtmlText.RemoveTags(content));
            Assert.Equal(ReferenceHtmlText.ToText(content), HtmlText.ToText(content));
        }
        // The body is stored as UTF-8, so a lone surrogate reaches the preview as U+FFFD.
        var stored = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(content));
        Assert.Equal(ReferenceHtmlText.Preview(contentType, stored), HtmlText.Preview(EventBody.FromString(contentType, content)));
    }
}
