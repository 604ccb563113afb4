using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace MeetingMigration.Sandbox;

/// <summary>
/// The invitation block Exchange inserts when an event becomes a Teams meeting. Our own text, shaped like the
/// 2025 layout: fences of 80 underscores, "Microsoft Teams meeting", a short join link, Meeting ID and Passcode,
/// the dial-in section, and the classic meetup-join URL behind "System reference" (= onlineMeeting.joinUrl).
/// </summary>
internal static class TeamsBlock
{
    private static readonly string Fence = new('_', 80);

    public static EventBody Insert(EventBody body, OnlineMeetingInfo meeting, ConferencingSettings? conf)
    {
        var meetingId = RandomDigits(14);
        var passcode = RandomPasscode();
        var current = Encoding.UTF8.GetString(body.Utf8Content);
        if (body.ContentType.Equals("text", StringComparison.OrdinalIgnoreCase))
            return EventBody.FromString("text", current + Text(meeting, conf, meetingId, passcode));
        var block = Html(meeting, conf, meetingId, passcode);
        var bodyClose = current.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        var html = current.Length == 0 ? "<html><body>" + block + "</body></html>"
            : bodyClose >= 0 ? current[..bodyClose] + block + current[bodyClose..]
            : current + block;
        return EventBody.FromString("html", html);
    }

    private static string Html(OnlineMeetingInfo m, ConferencingSettings? conf, string meetingId, string passcode)
    {
        string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var shortLink = $"https://teams.microsoft.com/meet/{meetingId}?p={passcode}";
        var sb = new StringBuilder(2048);
        sb.Append("<div style=\"max-width:1024px;color:#242424;font-family:'Segoe UI',Helvetica,Arial,sans-serif\" class=\"me-email-text\" lang=\"en-US\">");
        sb.Append("<div aria-hidden=\"true\" style=\"margin-bottom:24px;overflow:hidden;white-space:nowrap\">").Append(Fence).Append("</div>");
        sb.Append("<div style=\"margin-bottom:6px\"><span style=\"font-size:20px;font-weight:600\">Microsoft Teams meeting</span></div>");
        sb.Append("<div style=\"margin-bottom:6px\"><span class=\"me-email-text\">Join: </span>")
          .Append("<a id=\"meet_invite_block.action.join_link\" class=\"me-email-headline\" href=\"").Append(E(shortLink)).Append("\">")
          .Append(E(shortLink)).Append("</a></div>");
        sb.Append("<div><span class=\"me-email-text-secondary\">Meeting ID: </span><span class=\"me-email-text\">")
          .Append(Spaced(meetingId, 3)).Append("</span></div>");
        sb.Append("<div style=\"margin-bottom:20px\"><span class=\"me-email-text-secondary\">Passcode: </span><span class=\"me-email-text\">")
          .Append(passcode).Append("</span></div>");
        if (conf?.TollNumber is not null || conf?.ConferenceId is not null)
        {
            sb.Append("<div style=\"margin-bottom:20px\"><hr style=\"border:0;border-top:1px solid #D1D1D1\"></div>");
            sb.Append("<div><span style=\"font-weight:600\">Dial in by phone</span></div>");
            if (conf.TollNumber is not null)
                sb.Append("<div><a class=\"me-email-link\" href=\"tel:").Append(E(Digits(conf.TollNumber))).Append(",,").Append(E(conf.ConferenceId))
                  .Append("#\">").Append(E(conf.TollNumber)).Append(",,").Append(E(conf.ConferenceId)).Append("#</a> (toll)</div>");
            foreach (var free in conf.TollFreeNumbers)
                sb.Append("<div><a class=\"me-email-link\" href=\"tel:").Append(E(Digits(free))).Append(",,").Append(E(conf.ConferenceId))
                  .Append("#\">").Append(E(free)).Append(",,").Append(E(conf.ConferenceId)).Append("#</a> (toll-free)</div>");
            if (conf.DialInUrl is not null)
                sb.Append("<div><a class=\"me-email-link\" href=\"").Append(E(conf.DialInUrl)).Append("\">Find a local number</a></div>");
            sb.Append("<div style=\"margin-bottom:20px\"><span class=\"me-email-text-secondary\">Phone conference ID: </span><span class=\"me-email-text\">")
              .Append(Spaced(conf.ConferenceId ?? "", 3)).Append("#</span></div>");
        }
        sb.Append("<div style=\"margin-bottom:12px\"><a id=\"meet_invite_block.action.help\" class=\"me-email-link\" href=\"https://aka.ms/JoinTeamsMeeting?omkt=en-US\">Need help?</a> | ")
          .Append("<a id=\"meet_invite_block.action.join_link_compatibility\" class=\"me-email-link\" href=\"").Append(E(m.JoinUrl))
          .Append("\">System reference</a></div>");
        sb.Append("<div>For organizers: <a id=\"meet_invite_block.action.organizer_meet_options\" class=\"me-email-link\" href=\"https://teams.microsoft.com/meetingOptions/\">Meeting options</a>")
          .Append(" | <a class=\"me-email-link\" href=\"https://dialin.teams.microsoft.com/usp/pstnconferencing\">Reset dial-in PIN</a></div>");
        sb.Append("<div aria-hidden=\"true\" style=\"margin-top:24px;margin-bottom:24px;overflow:hidden;white-space:nowrap\">").Append(Fence).Append("</div>");
        sb.Append("</div>");
        return sb.ToString();
    }

    private static string Text(OnlineMeetingInfo m, ConferencingSettings? conf, string meetingId, string passcode)
    {
        var sb = new StringBuilder();
        sb.Append("\r\n").Append(Fence).Append("\r\nMicrosoft Teams meeting\r\n");
        sb.Append("Join: https://teams.microsoft.com/meet/").Append(meetingId).Append("?p=").Append(passcode).Append("\r\n");
        sb.Append("Meeting ID: ").Append(Spaced(meetingId, 3)).Append("\r\nPasscode: ").Append(passcode).Append("\r\n");
        if (conf?.TollNumber is not null || conf?.ConferenceId is not null)
        {
            sb.Append(new string('_', 32)).Append("\r\nDial in by phone\r\n");
            if (conf.TollNumber is not null) sb.Append(conf.TollNumber).Append(",,").Append(conf.ConferenceId).Append("# (toll)\r\n");
            foreach (var free in conf.TollFreeNumbers) sb.Append(free).Append(",,").Append(conf.ConferenceId).Append("# (toll-free)\r\n");
            if (conf.DialInUrl is not null) sb.Append("Find a local number: ").Append(conf.DialInUrl).Append("\r\n");
            sb.Append("Phone conference ID: ").Append(Spaced(conf.ConferenceId ?? "", 3)).Append("#\r\n");
        }
        sb.Append("Need help? | System reference: ").Append(m.JoinUrl).Append("\r\n").Append(Fence).Append("\r\n");
        return sb.ToString();
    }

    private static string Digits(string phone) => "+" + new string(phone.Where(char.IsDigit).ToArray());

    private static string Spaced(string digits, int group) =>
        string.Join(' ', Enumerable.Range(0, (digits.Length + group - 1) / group).Select(i => digits.Substring(i * group, Math.Min(group, digits.Length - i * group))));

    public static string RandomDigits(int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++) chars[i] = (char)('0' + RandomNumberGenerator.GetInt32(i == 0 ? 1 : 0, 10));
        return new string(chars);
    }

    public static string RandomPasscode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        var chars = new char[6];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return new string(chars);
    }
}
