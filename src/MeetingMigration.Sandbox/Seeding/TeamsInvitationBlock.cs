using System;
using System.Text;
using static MeetingMigration.Sandbox.Seeding.Html;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// The four Teams block layouts (invitation-blocks.md §2.1–2.4) in our own markup. What matters for
/// recognizers is kept: 80-underscore fences as siblings outside the me-email-text div (layouts 1-2)
/// or inside it (layouts 3-4), the meet_invite_block ids, the 32-underscore inner rule in plain text,
/// and in layout 4 the classic join URL only behind "System reference".
/// </summary>
public static class TeamsInvitationBlock
{
    public static readonly string Fence = new('_', 80);
    public static readonly string InnerRule = new('_', 32);

    private const string LearnMoreUrl = "https://aka.ms/JoinTeamsMeeting";
    private const string ResetPinUrl = "https://dialin.teams.microsoft.com/usp/pstnconferencing";
    private const string DownloadUrl = "https://www.microsoft.com/microsoft-teams/download-app";
    private const string JoinOnWebUrl = "https://www.microsoft.com/microsoft-teams/join-a-meeting";
    private const string Font = "font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif";

    public static string Html(BlockContent c) => c.Layout switch
    {
        BlockLayout.TeamsLayout1 => ClassicHtml(c, withMeetingCode: false),
        BlockLayout.TeamsLayout2 => ClassicHtml(c, withMeetingCode: true),
        BlockLayout.TeamsLayout3 => ModernHtml(c, shortLink: false),
        BlockLayout.TeamsLayout4 => ModernHtml(c, shortLink: true),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c.Layout, "Not a Teams layout."),
    };

    public static string Text(BlockContent c) => c.Layout switch
    {
        BlockLayout.TeamsLayout1 => ClassicText(c, withMeetingCode: false),
        BlockLayout.TeamsLayout2 => ClassicText(c, withMeetingCode: true),
        BlockLayout.TeamsLayout3 => ModernText(c, shortLink: false),
        BlockLayout.TeamsLayout4 => ModernText(c, shortLink: true),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c.Layout, "Not a Teams layout."),
    };

    public static string HelpUrl(BlockContent c) => $"{LearnMoreUrl}?omkt={c.Language.Code}";

    /// <summary>"123456789" as "123 456 789": how Teams groups IDs for reading aloud.</summary>
    public static string Grouped(string digits)
    {
        var sb = new StringBuilder(digits.Length + digits.Length / 3);
        for (int i = 0; i < digits.Length; i++)
        {
            if (i > 0 && i % 3 == 0) sb.Append(' ');
            sb.Append(digits[i]);
        }
        return sb.ToString();
    }

    // ---- layouts 1 and 2: fences are siblings of the me-email-text div ----

    private static string ClassicHtml(BlockContent c, bool withMeetingCode)
    {
        BlockLabels l = c.Language.Labels;
        string fence = $"<div style=\"width:100%;height:20px\"><span style=\"white-space:nowrap;color:#5F5F5F;opacity:.36\">{Fence}</span></div>\r\n";
        string telHref = $"tel:{c.TollNumber.E164},,{c.ConferenceId}#";
        var sb = new StringBuilder(4000);
        sb.Append(fence);
        sb.Append("<div class=\"me-email-text\" lang=\"").Append(c.Language.Code).Append("\" style=\"color:#252424;").Append(Font).Append("\">\r\n");
        sb.Append("<div style=\"margin-top:24px;margin-bottom:20px\"><span style=\"font-size:24px;color:#252424\">").Append(Escape(l.TeamsMeeting)).Append("</span></div>\r\n");
        sb.Append("<div style=\"margin-bottom:20px\"><div style=\"margin-top:0px;margin-bottom:0px;font-weight:bold\"><span style=\"font-size:14px;color:#252424\">")
          .Append(Escape(l.JoinOnDevice)).Append("</span></div>\r\n");
        sb.Append("<a class=\"me-email-headline\" href=\"").Append(Escape(c.JoinUrl))
          .Append("\" target=\"_blank\" rel=\"noreferrer noopener\" style=\"font-size:14px;").Append(Font).Append(";text-decoration:underline;color:#6264a7\">")
          .Append(Escape(l.ClickToJoin)).Append("</a></div>\r\n");
        if (withMeetingCode)
        {
            sb.Append("<div style=\"margin-bottom:4px\"><span data-tid=\"meeting-code\" style=\"font-size:14px;color:#252424\">")
              .Append(Escape(l.MeetingId)).Append(' ').Append(Grouped(c.MeetingId)).Append("</span><br>\r\n")
              .Append("<span style=\"font-size:14px;color:#252424\">").Append(Escape(l.Passcode)).Append(' ').Append(Escape(c.Passcode)).Append("</span></div>\r\n");
            sb.Append("<div style=\"font-size:14px\"><a class=\"me-email-link\" href=\"").Append(DownloadUrl).Append("\">").Append(Escape(l.DownloadTeams))
              .Append("</a> | <a class=\"me-email-link\" href=\"").Append(JoinOnWebUrl).Append("\">").Append(Escape(l.JoinOnWeb)).Append("</a></div>\r\n");
            sb.Append("<div style=\"margin-bottom:20px;margin-top:20px\"><div style=\"margin-bottom:4px;font-weight:bold\"><span style=\"font-size:14px\">")
              .Append(Escape(l.JoinWithVideoDevice)).Append("</span></div>\r\n")
              .Append("<div style=\"font-size:14px\">").Append(Escape(c.VideoTenantKey)).Append("</div>\r\n")
              .Append("<div style=\"font-size:14px\">").Append(Escape(l.VideoConferenceId)).Append(' ').Append(c.VideoId).Append("</div>\r\n")
              .Append("<a class=\"me-email-link\" style=\"font-size:14px\" href=\"").Append(Escape(VideoHelpUrl(c))).Append("\">").Append(Escape(l.AlternateVtc)).Append("</a></div>\r\n");
        }
        sb.Append("<div style=\"margin-bottom:20px;margin-top:20px\"><div style=\"margin-bottom:4px;font-weight:bold\"><span style=\"font-size:14px\">")
          .Append(Escape(l.CallInAudioOnly)).Append("</span></div>\r\n");
        sb.Append("<div style=\"margin-bottom:0px\"><a class=\"me-email-link\" style=\"font-size:14px\" href=\"").Append(Escape(telHref)).Append("\">")
          .Append(Escape(c.TollNumber.Display)).Append(",,").Append(c.ConferenceId).Append("#</a><span style=\"font-size:12px\">   ")
          .Append(Escape(c.Language.Region.TeamsCaption)).Append("</span></div>\r\n");
        sb.Append("<div style=\"margin-bottom:4px;font-size:12px\">").Append(Escape(l.PhoneConferenceId)).Append(' ').Append(Grouped(c.ConferenceId)).Append("#</div>\r\n");
        sb.Append("<a class=\"me-email-link\" style=\"font-size:12px\" href=\"").Append(Escape(c.DialInUrl)).Append("\">").Append(Escape(l.FindLocalNumber))
          .Append("</a> | <a class=\"me-email-link\" style=\"font-size:12px\" href=\"").Append(ResetPinUrl).Append("\">").Append(Escape(l.ResetPin)).Append("</a></div>\r\n");
        sb.Append("<div style=\"margin-top:20px;margin-bottom:24px;font-size:12px\"><a class=\"me-email-link\" href=\"").Append(LearnMoreUrl).Append("\">").Append(Escape(l.LearnMore))
          .Append("</a> | <a class=\"me-email-link\" href=\"").Append(Escape(c.MeetingOptionsUrl)).Append("\">").Append(Escape(l.MeetingOptions)).Append("</a></div>\r\n");
        sb.Append("</div>\r\n");
        sb.Append(fence);
        return sb.ToString();
    }

    private static string ClassicText(BlockContent c, bool withMeetingCode)
    {
        BlockLabels l = c.Language.Labels;
        var sb = new StringBuilder(1500);
        sb.Append(Fence).Append("\r\n");
        sb.Append(l.TeamsMeeting).Append("\r\n");
        sb.Append(l.JoinOnDevice).Append("\r\n");
        sb.Append(l.ClickToJoin).Append('<').Append(c.JoinUrl).Append(">\r\n");
        if (withMeetingCode)
        {
            sb.Append(l.MeetingId).Append(' ').Append(Grouped(c.MeetingId)).Append("\r\n");
            sb.Append(l.Passcode).Append(' ').Append(c.Passcode).Append("\r\n");
            sb.Append(l.DownloadTeams).Append('<').Append(DownloadUrl).Append("> | ").Append(l.JoinOnWeb).Append('<').Append(JoinOnWebUrl).Append(">\r\n");
            sb.Append(l.JoinWithVideoDevice).Append("\r\n").Append(c.VideoTenantKey).Append("\r\n");
            sb.Append(l.VideoConferenceId).Append(' ').Append(c.VideoId).Append("\r\n");
            sb.Append(l.AlternateVtc).Append('<').Append(VideoHelpUrl(c)).Append(">\r\n");
        }
        sb.Append(l.CallInAudioOnly).Append("\r\n");
        sb.Append(c.TollNumber.Display).Append(",,").Append(c.ConferenceId).Append("#<tel:").Append(c.TollNumber.E164).Append(",,").Append(c.ConferenceId)
          .Append("#>   ").Append(c.Language.Region.TeamsCaption).Append("\r\n");
        sb.Append(l.PhoneConferenceId).Append(' ').Append(Grouped(c.ConferenceId)).Append("#\r\n");
        sb.Append(l.FindLocalNumber).Append('<').Append(c.DialInUrl).Append("> | ").Append(l.ResetPin).Append('<').Append(ResetPinUrl).Append(">\r\n");
        sb.Append(l.LearnMore).Append('<').Append(LearnMoreUrl).Append("> | ").Append(l.MeetingOptions).Append('<').Append(c.MeetingOptionsUrl).Append(">\r\n");
        sb.Append(Fence).Append("\r\n");
        return sb.ToString();
    }

    // ---- layouts 3 and 4: fences inside the outer me-email-text div ----

    private static string ModernHtml(BlockContent c, bool shortLink)
    {
        BlockLabels l = c.Language.Labels;
        string fence = $"<div aria-hidden=\"true\" style=\"margin-bottom:20px;overflow:hidden;white-space:nowrap\">{Fence}</div>\r\n";
        var sb = new StringBuilder(5000);
        sb.Append("<div class=\"me-email-text\" lang=\"").Append(c.Language.Code).Append("\" style=\"max-width:1024px;color:#242424;").Append(Font).Append("\">\r\n");
        sb.Append(fence);
        if (shortLink)
        {
            sb.Append("<div style=\"margin-bottom:12px\"><span style=\"font-size:20px;font-weight:600;color:#242424\">").Append(Escape(l.TeamsMeeting)).Append("</span></div>\r\n");
            sb.Append("<div style=\"margin-bottom:6px\"><span class=\"me-email-text-secondary\" style=\"font-size:14px\">").Append(Escape(l.JoinPrefix))
              .Append(" </span><a id=\"meet_invite_block.action.join_link\" class=\"me-email-headline\" href=\"").Append(Escape(c.ShortJoinUrl!))
              .Append("\" target=\"_blank\" rel=\"noreferrer noopener\" style=\"font-size:14px;color:#5B5FC7\">").Append(Escape(c.ShortJoinUrl!)).Append("</a></div>\r\n");
        }
        else
        {
            sb.Append("<div style=\"margin-bottom:12px\"><span class=\"me-email-text\" style=\"font-size:24px;font-weight:700;margin-right:12px\">Microsoft Teams</span>")
              .Append("<a id=\"meet_invite_block.action.help\" class=\"me-email-link\" href=\"").Append(Escape(HelpUrl(c))).Append("\" style=\"font-size:14px\">")
              .Append(Escape(l.NeedHelp)).Append("</a></div>\r\n");
            sb.Append("<div style=\"margin-bottom:6px\"><a id=\"meet_invite_block.action.join_link\" class=\"me-email-headline\" href=\"").Append(Escape(c.JoinUrl))
              .Append("\" title=\"").Append(Escape(c.JoinUrl)).Append("\" target=\"_blank\" rel=\"noreferrer noopener\" style=\"font-size:20px;font-weight:600;color:#5B5FC7\">")
              .Append(Escape(l.JoinNow)).Append("</a></div>\r\n");
        }
        sb.Append("<div style=\"margin-bottom:6px\"><span class=\"me-email-text-secondary\" style=\"font-size:14px\">").Append(Escape(l.MeetingId))
          .Append(" </span><span class=\"me-email-text\" style=\"font-size:14px\">").Append(Grouped(c.MeetingId)).Append("</span></div>\r\n");
        sb.Append("<div style=\"margin-bottom:32px\"><span class=\"me-email-text-secondary\" style=\"font-size:14px\">").Append(Escape(l.Passcode))
          .Append(" </span><span class=\"me-email-text\" style=\"font-size:14px\">").Append(Escape(c.Passcode)).Append("</span></div>\r\n");
        if (shortLink)
        {
            sb.Append("<div style=\"margin-bottom:24px;font-size:14px\"><a id=\"meet_invite_block.action.help\" class=\"me-email-link\" href=\"").Append(Escape(HelpUrl(c))).Append("\">")
              .Append(Escape(l.NeedHelp)).Append("</a> | <a id=\"meet_invite_block.action.join_link_compatibility\" class=\"me-email-link\" href=\"").Append(Escape(c.JoinUrl)).Append("\">")
              .Append(Escape(l.SystemReference)).Append("</a></div>\r\n");
        }
        sb.Append("<div style=\"margin-bottom:20px\"><hr style=\"border:0;background:#D1D1D1;height:1px\"></div>\r\n");
        sb.Append("<div style=\"margin-bottom:4px\"><span style=\"font-size:16px;font-weight:600\">").Append(Escape(l.DialInByPhone)).Append("</span></div>\r\n");
        sb.Append("<div style=\"margin-bottom:4px;font-size:14px\"><a class=\"me-email-link\" href=\"tel:").Append(Escape(c.TollNumber.E164)).Append(",,").Append(c.ConferenceId).Append("#\">")
          .Append(Escape(c.TollNumber.Display)).Append(",,").Append(c.ConferenceId).Append("#</a> <span class=\"me-email-text-secondary\">").Append(Escape(c.Language.Region.TeamsCaption)).Append("</span></div>\r\n");
        sb.Append("<div style=\"margin-bottom:4px;font-size:14px\"><a id=\"meet_invite_block.action.find_local_number\" class=\"me-email-link\" href=\"").Append(Escape(c.DialInUrl)).Append("\">")
          .Append(Escape(l.FindLocalNumber)).Append("</a></div>\r\n");
        sb.Append("<div style=\"margin-bottom:24px;font-size:14px\"><span class=\"me-email-text-secondary\">").Append(Escape(l.PhoneConferenceId))
          .Append(" </span><span class=\"me-email-text\">").Append(Grouped(c.ConferenceId)).Append("#</span></div>\r\n");
        sb.Append("<div style=\"margin-bottom:4px\"><span style=\"font-size:16px;font-weight:600\">").Append(Escape(l.JoinWithVideoDevice)).Append("</span></div>\r\n");
        sb.Append("<div style=\"margin-bottom:4px;font-size:14px\"><span class=\"me-email-text-secondary\">").Append(Escape(l.TenantKey))
          .Append(" </span><span class=\"me-email-text\">").Append(Escape(c.VideoTenantKey)).Append("</span></div>\r\n");
        sb.Append("<div style=\"margin-bottom:4px;font-size:14px\"><span class=\"me-email-text-secondary\">").Append(Escape(l.VideoId))
          .Append(" </span><span class=\"me-email-text\">").Append(Grouped(c.VideoId)).Append("</span></div>\r\n");
        sb.Append("<div style=\"margin-bottom:24px;font-size:14px\"><a class=\"me-email-link\" href=\"").Append(Escape(VideoHelpUrl(c))).Append("\">").Append(Escape(l.MoreInfo)).Append("</a></div>\r\n");
        sb.Append("<div style=\"margin-bottom:20px;font-size:14px\"><span class=\"me-email-text-secondary\">").Append(Escape(l.ForOrganizers))
          .Append(" </span><a id=\"meet_invite_block.action.organizer_meet_options\" class=\"me-email-link\" href=\"").Append(Escape(c.MeetingOptionsUrl)).Append("\">")
          .Append(Escape(l.MeetingOptions)).Append("</a> | <a class=\"me-email-link\" href=\"").Append(ResetPinUrl).Append("\">").Append(Escape(l.ResetDialInPin)).Append("</a></div>\r\n");
        sb.Append(fence);
        sb.Append("</div>\r\n");
        return sb.ToString();
    }

    private static string ModernText(BlockContent c, bool shortLink)
    {
        BlockLabels l = c.Language.Labels;
        var sb = new StringBuilder(1800);
        sb.Append(Fence).Append("\r\n");
        if (shortLink)
        {
            sb.Append(l.TeamsMeeting).Append("\r\n");
            sb.Append(l.JoinPrefix).Append(' ').Append(c.ShortJoinUrl).Append("\r\n");
        }
        else
        {
            sb.Append("Microsoft Teams ").Append(l.NeedHelp).Append('<').Append(HelpUrl(c)).Append(">\r\n");
            sb.Append(l.JoinNow).Append('<').Append(c.JoinUrl).Append(">\r\n");
        }
        sb.Append(l.MeetingId).Append(' ').Append(Grouped(c.MeetingId)).Append("\r\n");
        sb.Append(l.Passcode).Append(' ').Append(c.Passcode).Append("\r\n");
        if (shortLink)
        {
            sb.Append(l.NeedHelp).Append('<').Append(HelpUrl(c)).Append("> | ").Append(l.SystemReference).Append('<').Append(c.JoinUrl).Append(">\r\n");
        }
        sb.Append(InnerRule).Append("\r\n");
        sb.Append(l.DialInByPhone).Append("\r\n");
        sb.Append(c.TollNumber.Display).Append(",,").Append(c.ConferenceId).Append("#<tel:").Append(c.TollNumber.E164).Append(",,").Append(c.ConferenceId)
          .Append("#> ").Append(c.Language.Region.TeamsCaption).Append("\r\n");
        sb.Append(l.FindLocalNumber).Append('<').Append(c.DialInUrl).Append(">\r\n");
        sb.Append(l.PhoneConferenceId).Append(' ').Append(Grouped(c.ConferenceId)).Append("#\r\n");
        sb.Append(l.JoinWithVideoDevice).Append("\r\n");
        sb.Append(l.TenantKey).Append(' ').Append(c.VideoTenantKey).Append("\r\n");
        sb.Append(l.VideoId).Append(' ').Append(Grouped(c.VideoId)).Append("\r\n");
        sb.Append(l.MoreInfo).Append('<').Append(VideoHelpUrl(c)).Append(">\r\n");
        sb.Append(l.ForOrganizers).Append(' ').Append(l.MeetingOptions).Append('<').Append(c.MeetingOptionsUrl).Append("> | ")
          .Append(l.ResetDialInPin).Append('<').Append(ResetPinUrl).Append(">\r\n");
        sb.Append(Fence).Append("\r\n");
        return sb.ToString();
    }

    private static string VideoHelpUrl(BlockContent c) =>
        $"https://dialin.plcm.vc/teams/?key={Uri.EscapeDataString(c.VideoTenantKey)}&conf={c.VideoId}";
}
