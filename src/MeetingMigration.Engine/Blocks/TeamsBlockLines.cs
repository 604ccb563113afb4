using System.Collections.Generic;
using static MeetingMigration.Engine.Blocks.RenderValues;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>The lines of a Teams block we write, in the layout 3 shape (fences inside the container).</summary>
    internal static class TeamsBlockLines
    {
        private const string Font = "font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif";
        private const string FenceStyle = "overflow:hidden;white-space:nowrap;color:#5F5F5F;opacity:.36";

        public static IEnumerable<string> Html(RenderInput v, BlockLabels l, string culture)
        {
            string fence = Repeat('_', FenceLines.TeamsUnderscores);
            yield return $"<div class=\"me-email-text\" lang=\"{Enc(culture)}\" style=\"color:#242424;{Font};max-width:1024px\">";
            yield return $"<div aria-hidden=\"true\" style=\"margin-bottom:16px;{FenceStyle}\">{fence}</div>";
            yield return $"<div style=\"margin-bottom:12px\"><span style=\"font-size:24px;font-weight:600\">{Enc(l.TeamsHeading)}</span></div>";
            yield return $"<div style=\"margin-bottom:6px\"><a id=\"meet_invite_block.action.join_link\" class=\"me-email-headline\" href=\"{Enc(v.JoinUrl)}\" target=\"_blank\" rel=\"noreferrer noopener\" style=\"font-size:14px;font-weight:600;color:#5B5FC7;text-decoration:underline\">{Enc(l.TeamsJoin)}</a></div>";
            if (v.MeetingId != null) yield return Field(l.MeetingId, Grouped(v.MeetingId));
            if (v.Passcode != null) yield return Field(l.Passcode, v.Passcode);
            if (v.HasPhoneSection)
            {
                yield return "<hr style=\"border:0;border-top:1px solid #E0E0E0;margin:16px 0\">";
                yield return $"<div style=\"margin-bottom:6px\"><span style=\"font-weight:600\">{Enc(l.DialInByPhone)}</span></div>";
                foreach (var (number, tollFree) in v.Numbers)
                {
                    string dial = v.ConferenceId != null && IsDigits(v.ConferenceId) ? $"{number},,{v.ConferenceId}#" : number;
                    yield return $"<div style=\"margin-bottom:6px\"><a href=\"{Enc(TelUri(number, v.ConferenceId))}\" style=\"color:#5B5FC7\">{Enc(dial)}</a> ({Enc(tollFree ? l.TollFree : l.Toll)})</div>";
                }

                if (v.DialInUrl != null) yield return $"<div style=\"margin-bottom:6px\"><a href=\"{Enc(v.DialInUrl)}\" style=\"color:#5B5FC7\">{Enc(l.FindLocalNumber)}</a></div>";
                if (v.ConferenceId != null) yield return Field(l.PhoneConferenceId, Grouped(v.ConferenceId) + "#");
            }

            if (v.Video is { } video)
            {
                yield return $"<div style=\"margin-top:10px;margin-bottom:6px\"><span style=\"font-weight:600\">{Enc(l.JoinOnVideoDevice)}</span></div>";
                yield return Field(l.TenantKey, video.TenantKey);
                yield return Field(l.VideoId, Grouped(video.VideoId));
                if (video.InstructionsUrl != null) yield return $"<div style=\"margin-bottom:6px\">{Link(video.InstructionsUrl, l.MoreInfo)}</div>";
            }

            if (v.HasOrganizerLine)
            {
                var links = new List<string>();
                if (v.MeetingOptionsUrl != null) links.Add(Link(v.MeetingOptionsUrl, l.MeetingOptions, "meet_invite_block.action.organizer_meet_options"));
                if (v.ResetPinUrl != null && v.HasPhoneSection) links.Add(Link(v.ResetPinUrl, l.ResetDialInPin));
                yield return $"<div style=\"margin-top:10px;margin-bottom:6px\"><span class=\"me-email-text-secondary\">{Enc(l.ForOrganizers)}: </span>{string.Join(" | ", links)}</div>";
            }

            yield return $"<div aria-hidden=\"true\" style=\"margin-top:16px;{FenceStyle}\">{fence}</div>";
            yield return "</div>";
        }

        public static IEnumerable<string> Text(RenderInput v, BlockLabels l)
        {
            string fence = Repeat('_', FenceLines.TeamsUnderscores);
            yield return fence;
            yield return l.TeamsHeading;
            yield return $"{l.TeamsJoin}<{TextUrl(v.JoinUrl)}>";
            if (v.MeetingId != null) yield return $"{l.MeetingId}: {Grouped(v.MeetingId)}";
            if (v.Passcode != null) yield return $"{l.Passcode}: {v.Passcode}";
            if (v.HasPhoneSection)
            {
                yield return Repeat('_', 32); // the inner rule, as Outlook renders layout 3's <hr> in text
                yield return l.DialInByPhone;
                foreach (var (number, tollFree) in v.Numbers)
                {
                    string dial = v.ConferenceId != null && IsDigits(v.ConferenceId) ? $"{number},,{v.ConferenceId}#" : number;
                    yield return $"{dial}<{TelUri(number, v.ConferenceId)}> ({(tollFree ? l.TollFree : l.Toll)})";
                }

                if (v.DialInUrl != null) yield return $"{l.FindLocalNumber}<{TextUrl(v.DialInUrl)}>";
                if (v.ConferenceId != null) yield return $"{l.PhoneConferenceId}: {Grouped(v.ConferenceId)}#";
            }

            if (v.Video is { } video)
            {
                yield return l.JoinOnVideoDevice;
                yield return $"{l.TenantKey}: {video.TenantKey}";
                yield return $"{l.VideoId}: {Grouped(video.VideoId)}";
                if (video.InstructionsUrl != null) yield return $"{l.MoreInfo}<{TextUrl(video.InstructionsUrl)}>";
            }

            if (v.HasOrganizerLine)
            {
                var links = new List<string>();
                if (v.MeetingOptionsUrl != null) links.Add($"{l.MeetingOptions}<{TextUrl(v.MeetingOptionsUrl)}>");
                if (v.ResetPinUrl != null && v.HasPhoneSection) links.Add($"{l.ResetDialInPin}<{TextUrl(v.ResetPinUrl)}>");
                yield return $"{l.ForOrganizers}: {string.Join(" | ", links)}";
            }

            yield return fence;
        }

        private static string Link(string url, string label, string? id = null) =>
            $"<a{(id != null ? $" id=\"{id}\"" : "")} href=\"{Enc(url)}\" target=\"_blank\" rel=\"noreferrer noopener\" style=\"color:#5B5FC7\">{Enc(label)}</a>";

        private static string Field(string label, string value) =>
            $"<div style=\"margin-bottom:6px\"><span class=\"me-email-text-secondary\">{Enc(label)}: </span><span>{Enc(value)}</span></div>";
    }
}
