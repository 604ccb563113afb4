using System.Collections.Generic;
using System.Text;
using static MeetingMigration.Sandbox.Seeding.Html;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// Puts a block between the organizer's own text. Skype invitations come from Word (the
/// "filtered medium" generator, CSS wrapped in an HTML comment that is not a block delimiter);
/// Teams ones come from OWA/Graph. Plain-text bodies use CRLF as Exchange does.
/// </summary>
public static class InvitationBody
{
    public sealed record Parts(
        IReadOnlyList<SurroundingText.Snippet> Before,
        string Block,
        IReadOnlyList<SurroundingText.Snippet> After,
        bool BlockTwice);

    public static string Compose(BodyFormat format, bool wordStyle, Parts parts) =>
        format == BodyFormat.Text ? ComposeText(parts)
        : wordStyle ? ComposeWordHtml(parts)
        : ComposeOwaHtml(parts);

    private static string ComposeText(Parts p)
    {
        var sb = new StringBuilder();
        foreach (var s in p.Before) sb.Append(s.Text).Append("\r\n");
        sb.Append("\r\n").Append(p.Block);
        if (p.BlockTwice) sb.Append("\r\n").Append(SecondCopyNote).Append("\r\n\r\n").Append(p.Block);
        if (p.After.Count > 0) sb.Append("\r\n");
        foreach (var s in p.After) sb.Append(s.Text).Append("\r\n");
        return sb.ToString();
    }

    private static string ComposeWordHtml(Parts p)
    {
        var sb = new StringBuilder(p.Block.Length * (p.BlockTwice ? 2 : 1) + 1500);
        sb.Append("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:w=\"urn:schemas-microsoft-com:office:word\">\r\n<head>\r\n")
          .Append("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n")
          .Append("<meta name=\"Generator\" content=\"Microsoft Word 15 (filtered medium)\">\r\n")
          .Append("<style><!--\r\n/* Font Definitions */\r\n@font-face {font-family:Wingdings; panose-1:5 0 0 0 0 0 0 0 0 0;}\r\n")
          .Append("p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:\"Calibri\",sans-serif;}\r\n--></style>\r\n</head>\r\n")
          .Append("<body lang=\"EN-US\" link=\"#0563C1\" vlink=\"#954F72\">\r\n<div class=\"WordSection1\">\r\n");
        foreach (var s in p.Before) AppendWordParagraph(sb, s);
        sb.Append("<p class=\"MsoNormal\"><a name=\"_InsertRtfSavedPosition\"></a><o:p>&nbsp;</o:p></p>\r\n");
        sb.Append(p.Block);
        if (p.BlockTwice)
        {
            sb.Append("<p class=\"MsoNormal\">").Append(Escape(SecondCopyNote)).Append("<o:p></o:p></p>\r\n").Append(p.Block);
        }
        foreach (var s in p.After) AppendWordParagraph(sb, s);
        sb.Append("</div>\r\n</body>\r\n</html>\r\n");
        return sb.ToString();
    }

    private static string ComposeOwaHtml(Parts p)
    {
        var sb = new StringBuilder(p.Block.Length * (p.BlockTwice ? 2 : 1) + 800);
        sb.Append("<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n</head>\r\n<body>\r\n");
        foreach (var s in p.Before) AppendDiv(sb, s);
        sb.Append("<br>\r\n").Append(p.Block);
        if (p.BlockTwice) sb.Append("<div>").Append(Escape(SecondCopyNote)).Append("</div>\r\n").Append(p.Block);
        foreach (var s in p.After) AppendDiv(sb, s);
        sb.Append("</body>\r\n</html>\r\n");
        return sb.ToString();
    }

    /// <summary>Text between two copies of the same block, as when someone pastes the details again for a guest.</summary>
    public const string SecondCopyNote = "(Details again for our guests:)";

    private static void AppendWordParagraph(StringBuilder sb, SurroundingText.Snippet s)
    {
        sb.Append("<p class=\"MsoNormal\"").Append(IsRightToLeft(s) ? " dir=\"RTL\"" : "").Append('>')
          .Append(Escape(s.Text)).Append("<o:p></o:p></p>\r\n");
    }

    private static void AppendDiv(StringBuilder sb, SurroundingText.Snippet s)
    {
        sb.Append("<div").Append(IsRightToLeft(s) ? " dir=\"rtl\"" : "").Append('>').Append(Escape(s.Text)).Append("</div>\r\n");
    }

    // Only snippets that start in an RTL script get dir=rtl; mixed snippets stay LTR like Outlook leaves them.
    private static bool IsRightToLeft(SurroundingText.Snippet s)
    {
        foreach (char c in s.Text)
        {
            if (char.IsLetter(c)) return c is >= '\u0590' and <= '\u08FF'; // Hebrew and Arabic blocks
        }
        return false;
    }
}
