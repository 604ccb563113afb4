using System.Collections.Generic;
using System.Globalization;
using static MeetingMigration.Engine.Blocks.RenderValues;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>The lines of a Skype for Business block we write, in the add-in's shape (137-dot fences, OutJoinLink).</summary>
    internal static class SkypeBlockLines
    {
        private const string P = "<p class=\"MsoNormal\">";

        public static IEnumerable<string> Html(RenderInput v, BlockLabels l)
        {
            string fence = $"{P}<span style=\"font-size:8.0pt;color:#404040\">{Repeat('.', FenceLines.SkypeDots)}</span></p>";
            yield return fence;
            yield return $"{P}<a name=\"OutJoinLink\"></a><span style=\"font-size:16.0pt\"><a href=\"{Enc(v.JoinUrl)}\">{Enc(l.SkypeJoin)}</a></span></p>";
            yield return $"{P}<span style=\"font-size:10.0pt\">{Enc(l.SkypeTrouble)} <a href=\"{Enc(JoinUrls.WithWebAppFlag(v.JoinUrl))}\">{Enc(l.SkypeWebApp)}</a></span></p>";
            if (v.HasPhoneSection)
            {
                yield return $"{P}<span style=\"font-size:13.0pt\">{Enc(l.SkypeJoinByPhone)}</span></p>";
                foreach (var (number, tollFree) in v.Numbers)
                {
                    yield return $"{P}<a href=\"{Enc(TelUri(number, null))}\">{Enc(number)}</a> ({Enc(tollFree ? l.TollFree : l.Toll)})</p>";
                }

                if (v.DialInUrl != null) yield return $"{P}<a href=\"{Enc(v.DialInUrl)}\">{Enc(l.FindLocalNumber)}</a></p>";
                if (v.ConferenceId != null) yield return $"{P}{Enc(l.SkypeConferenceId)}: {Enc(v.ConferenceId)}</p>";
            }

            yield return $"{P}<span style=\"font-size:1.0pt;color:white\">[!OC([{l.Lcid.ToString(CultureInfo.InvariantCulture)}])!]</span></p>";
            yield return fence;
        }

        public static IEnumerable<string> Text(RenderInput v, BlockLabels l)
        {
            // No [!OC(...)] tag here: in plain text it would be visible noise.
            string fence = Repeat('.', FenceLines.SkypeDots);
            yield return fence;
            yield return $"{l.SkypeJoin}<{TextUrl(v.JoinUrl)}>";
            yield return $"{l.SkypeTrouble} {l.SkypeWebApp}<{TextUrl(JoinUrls.WithWebAppFlag(v.JoinUrl))}>";
            if (v.HasPhoneSection)
            {
                yield return l.SkypeJoinByPhone;
                foreach (var (number, tollFree) in v.Numbers) yield return $"{number}<{TelUri(number, null)}> ({(tollFree ? l.TollFree : l.Toll)})";
                if (v.DialInUrl != null) yield return $"{l.FindLocalNumber}<{TextUrl(v.DialInUrl)}>";
                if (v.ConferenceId != null) yield return $"{l.SkypeConferenceId}: {v.ConferenceId}";
            }

            yield return fence;
        }
    }
}
