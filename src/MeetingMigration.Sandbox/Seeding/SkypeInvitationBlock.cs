using System.Globalization;
using System.Text;
using static MeetingMigration.Sandbox.Seeding.Html;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// The Skype for Business block (invitation-blocks.md §1), our own markup in the shape the
/// Outlook add-in produces: 137-dot fences, the OutJoinLink bookmark, the ?sl=1 web-app link,
/// the dial-in section and the [!OC(lcid)!] tag just before the closing fence.
/// </summary>
public static class SkypeInvitationBlock
{
    public static readonly string Fence = new('.', 137);

    private const string HelpUrlFormat = "https://o15.officeredir.microsoft.com/r/rlidLync15?clid={0}&p1=5&p2=2009";
    private const string LogoUrl = "https://intranet.contoso.com/brand/meeting-logo.png";

    public static string Html(BlockContent c)
    {
        BlockLabels l = c.Language.Labels;
        string join = c.LegacyJoinLabel ?? l.SkypeJoin;
        string helpUrl = string.Format(CultureInfo.InvariantCulture, HelpUrlFormat, c.Language.Lcid);
        var sb = new StringBuilder(3000);
        sb.Append("<p class=\"MsoNormal\" style=\"text-autospace:none\"><span style=\"font-size:8.0pt;color:#404040\">")
          .Append(Fence).Append("</span><o:p></o:p></p>\r\n");
        sb.Append("<p class=\"MsoNormal\"><a name=\"OutJoinLink\"></a><span style=\"font-size:14.0pt;font-family:Wingdings;color:#0066CC\">\u00E0</span>")
          .Append("<span style=\"font-size:14.0pt;color:#0066CC\"> </span><a href=\"").Append(Escape(c.JoinUrl))
          .Append("\"><span style=\"font-size:16.0pt;font-family:&quot;Segoe UI&quot;,sans-serif\">").Append(Escape(join))
          .Append("</span></a><a name=\"OutSharedNoteBorder\"></a><a name=\"OutSharedNoteLink\"></a><o:p></o:p></p>\r\n");
        sb.Append("<p class=\"MsoNormal\"><span style=\"font-size:8.0pt;color:#404040\">").Append(Escape(l.SkypeTroubleJoining))
          .Append(" <a href=\"").Append(Escape(c.JoinUrl + "?sl=1")).Append("\">").Append(Escape(l.SkypeTryWebApp))
          .Append("</a></span><o:p></o:p></p>\r\n");
        sb.Append("<p class=\"MsoNormal\"><span style=\"font-size:8.0pt;color:#404040\">").Append(Escape(l.SkypeIntro))
          .Append("</span><o:p></o:p></p>\r\n");
        sb.Append("<p class=\"MsoNormal\"><span style=\"font-size:13.0pt;color:#404040\">").Append(Escape(l.JoinByPhone))
          .Append("</span><o:p></o:p></p>\r\n");
        AppendNumber(sb, c.TollNumber, c.Language.Region.SkypeCaption);
        AppendNumber(sb, c.TollFreeNumber, c.Language.Region.SkypeCaption);
        sb.Append("<p class=\"MsoNormal\"><span style=\"font-size:10.0pt\"><a href=\"").Append(Escape(c.DialInUrl)).Append("\">")
          .Append(Escape(l.FindLocalNumber)).Append("</a></span><o:p></o:p></p>\r\n");
        sb.Append("<p class=\"MsoNormal\"><span style=\"font-size:10.0pt;color:#404040\">").Append(Escape(l.ConferenceId))
          .Append(' ').Append(c.ConferenceId).Append("</span><o:p></o:p></p>\r\n");
        sb.Append("<p class=\"MsoNormal\"><span style=\"font-size:8.0pt\"><a href=\"").Append(Escape(c.DialInUrl)).Append("\">")
          .Append(Escape(l.ForgotPin)).Append("</a> | <a href=\"").Append(Escape(helpUrl)).Append("\">").Append(Escape(l.Help))
          .Append("</a></span><o:p></o:p></p>\r\n");
        if (c.Customized)
        {
            // Organization customization lives inside the fences (reference §1.1), so it must go with the block.
            sb.Append("<p class=\"MsoNormal\"><img width=\"120\" height=\"40\" src=\"").Append(LogoUrl)
              .Append("\" alt=\"Contoso\"><o:p></o:p></p>\r\n");
            sb.Append("<p class=\"MsoNormal\"><span style=\"font-size:8.0pt;color:#404040\">").Append(Escape(l.CustomizedHelpText))
              .Append("</span><o:p></o:p></p>\r\n");
        }
        sb.Append("<p class=\"MsoNormal\"><span style=\"font-size:1.0pt;color:white;vertical-align:sub\">").Append(c.LocaleTag)
          .Append("</span><o:p></o:p></p>\r\n");
        sb.Append("<p class=\"MsoNormal\" style=\"line-height:115%;text-autospace:none\"><span style=\"font-size:8.0pt;line-height:115%;color:#404040\">")
          .Append(Fence).Append("</span><o:p></o:p></p>\r\n");
        return sb.ToString();
    }

    public static string Text(BlockContent c)
    {
        BlockLabels l = c.Language.Labels;
        string join = c.LegacyJoinLabel ?? l.SkypeJoin;
        var sb = new StringBuilder(1500);
        sb.Append(Fence).Append("\r\n");
        sb.Append(join).Append('<').Append(c.JoinUrl).Append(">\r\n");
        sb.Append(l.SkypeTroubleJoining).Append(' ').Append(l.SkypeTryWebApp).Append('<').Append(c.JoinUrl).Append("?sl=1>\r\n");
        sb.Append(l.SkypeIntro).Append("\r\n\r\n");
        sb.Append(l.JoinByPhone).Append("\r\n\r\n");
        sb.Append(c.TollNumber.Display).Append(" ").Append(c.Language.Region.SkypeCaption).Append("\r\n");
        sb.Append(c.TollFreeNumber.Display).Append(" ").Append(c.Language.Region.SkypeCaption).Append("\r\n");
        sb.Append(l.FindLocalNumber).Append('<').Append(c.DialInUrl).Append(">\r\n\r\n");
        sb.Append(l.ConferenceId).Append(' ').Append(c.ConferenceId).Append("\r\n");
        sb.Append(l.ForgotPin).Append('<').Append(c.DialInUrl).Append("> |").Append(l.Help).Append('<')
          .Append(string.Format(CultureInfo.InvariantCulture, HelpUrlFormat, c.Language.Lcid)).Append(">\r\n");
        if (c.Customized) sb.Append("\r\n").Append(l.CustomizedHelpText).Append("\r\n");
        sb.Append("\r\n").Append(c.LocaleTag).Append("\r\n");
        sb.Append(Fence).Append("\r\n");
        return sb.ToString();
    }

    private static void AppendNumber(StringBuilder sb, PhoneNumber number, string caption)
    {
        sb.Append("<p class=\"MsoNormal\"><span style=\"font-size:10.0pt\"><a href=\"tel:").Append(number.E164).Append("\">")
          .Append(Escape(number.Display)).Append("</a> ").Append(Escape(caption)).Append("</span><o:p></o:p></p>\r\n");
    }
}
