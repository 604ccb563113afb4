using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// Reads <see cref="ConferencingCoordinates"/> from a block's visible lines and links. Language-neutral evidence
    /// comes first (link hosts, <c>tel:</c> links with ",,ID#", <c>data-tid="meeting-code"</c>); localized labels are
    /// the second choice, and digit-shape heuristics the last, so unknown languages still yield the join link and numbers.
    /// </summary>
    internal static class CoordinatesReader
    {
        // Labels a value follows on its line, longest first (see ValueAfterLabel).
        private static readonly string[] MeetingIdLabels =
            LongestFirst(BlockLabels.AllOf(l => l.MeetingId).Concat(new[] { "ID de reunión", "Meeting-ID" }));

        private static readonly string[] PasscodeLabels =
            LongestFirst(BlockLabels.AllOf(l => l.Passcode).Concat(new[] { "Kenncode", "Code d'accès", "Code d’accès" })); // not "Password": Teams writes "Passcode", an organizer "Password: …" for something else

        // Per kind: Japanese Skype says "会議 ID" for the conference ID, which is the Teams label for the meeting ID.
        private static readonly string[] TeamsConferenceIdLabels =
            LongestFirst(BlockLabels.AllOf(l => l.PhoneConferenceId).Concat(new[] { "ID de conferencia telefónica" }));

        private static readonly string[] SkypeConferenceIdLabels =
            LongestFirst(BlockLabels.AllOf(l => l.SkypeConferenceId).Concat(new[] { "ID de conferencia" }));

        /// <summary>Sorted once here: sorting the labels for every line read was a large part of the block scan's garbage (issue 9).</summary>
        private static string[] LongestFirst(IEnumerable<string> labels) => labels.OrderByDescending(l => l.Length).ToArray();

        private static readonly string[] FindLocalNumberLabels = BlockLabels.AllOf(l => l.FindLocalNumber).Concat(new[] { "ローカル番号を検索" }).ToArray();

        private static readonly string[] TollFreeWords =
            BlockLabels.AllOf(l => l.TollFree).Concat(new[] { "toll free", "kostenlos", "gratuit", "フリーダイヤル" }).ToArray();

        private static readonly string[] TollWords = BlockLabels.AllOf(l => l.Toll).ToArray();

        // A number typed as a line: "+1 (425) 555-0100 ..." (Skype text bodies often have no tel: links).
        private static readonly Regex LeadingPhoneNumber = new Regex(@"^\+\d[\d\s().\-/]{5,}\d", RegexOptions.CultureInvariant);

        // Meeting IDs are 10-16 digits in groups of up to 4, with no '#' after them (phone conference IDs end in '#').
        private static readonly Regex LongDigitGroups = new Regex(@"(?<![\d+])(\d{1,4}(?:[ \u00A0]\d{1,4}){2,5}|\d{11,16})(?![\d#])", RegexOptions.CultureInvariant);

        // An ID as Teams writes it: whole, or in groups of three with a shorter last group ("291 004 773 615"), never a phone
        // number's grouping ("0171 234 5678", "020 7946 0958").
        private static readonly Regex TeamsDigits = new Regex(@"^(?:[0-9]+|[0-9]{3}(?:[ \u00A0\u202F][0-9]{3})*(?:[ \u00A0\u202F][0-9]{1,3})?)$", RegexOptions.CultureInvariant);

        // "<label>: <passcode>", the line after a meeting ID in layouts 2-4 whatever the language: Teams' passcodes are
        // letters and digits (5 to 16, a letter among them), not an e-mail address, a PIN or a Wi-Fi password.
        private static readonly Regex PasscodeLine = new Regex(@"^[^:：\d]{2,40}[:：]\s*(?=[0-9]*[A-Za-z])([A-Za-z0-9]{5,16})$", RegexOptions.CultureInvariant);

        public static ConferencingCoordinates Read(MeetingKind kind, BlockContent content)
        {
            var result = new ConferencingCoordinates { JoinUrl = ReadJoinUrl(kind, content) };
            if (kind == MeetingKind.Teams) TeamsExtrasReader.ReadPages(content, result);

            ReadPhones(content, result);
            var labelled = kind == MeetingKind.Teams
                ? ReadConferenceIdFromLabels(content, TeamsConferenceIdLabels, byShape: false)
                : ReadConferenceIdFromLabels(content, SkypeConferenceIdLabels, byShape: true);
            result.ConferenceId ??= labelled;
            if (labelled != null && !result.ShownConferenceIds.Contains(labelled, StringComparer.Ordinal))
                result.ShownConferenceIds = result.ShownConferenceIds.Concat(new[] { labelled }).ToArray();

            if (kind == MeetingKind.Teams)
            {
                result.MeetingId = ReadMeetingId(content, out int meetingIdLine, out bool knownLabel);
                // A passcode goes with a meeting ID (joining by ID asks for both); a "Password: …" line an organizer typed
                // into an older block without one is not the meeting's, and a refresh would mail it out as such.
                result.Passcode = result.MeetingId != null ? ReadPasscode(content, meetingIdLine, knownLabel) : null;
                result.VideoConferencing = TeamsExtrasReader.ReadVideo(content, result);
            }

            result.DialInUrl = ReadDialInUrl(content, result);
            // The page the reader took, and every other link labelled as one ("Find a local number"): a link to the PIN page of
            // a Skype block is on a dial-in host too, and a refresh does not write it.
            result.ShownDialInPages = new[] { result.DialInUrl }.Concat(WebLinksNotPlaced(content, result).Where(IsFindALocalNumber).Select(l => l.Url))
                .Where(url => url != null).Select(url => url!).Distinct(StringComparer.Ordinal).ToArray();

            return result;
        }

        private static string? ReadJoinUrl(MeetingKind kind, BlockContent content)
        {
            if (kind == MeetingKind.Teams)
            {
                // The classic link equals onlineMeeting.joinUrl; layout 4 shows it as the "System reference" link.
                string? classic = content.Links.Select(l => l.Url).FirstOrDefault(u => JoinUrls.Classify(u) == JoinLinkKind.TeamsClassic);
                return classic ?? content.Links.Select(l => l.Url).FirstOrDefault(u => JoinUrls.Classify(u) == JoinLinkKind.TeamsShort);
            }

            var skype = content.Links.Select(l => l.Url).Where(u => JoinUrls.Classify(u) == JoinLinkKind.Skype).ToList();
            string? plain = skype.FirstOrDefault(u => !JoinUrls.HasWebAppFlag(u));
            return plain ?? skype.Select(JoinUrls.WithoutWebAppFlag).FirstOrDefault();
        }

        /// <summary>The "Find a local number" page. Other pages the Teams reader already placed are not it, though their hosts
        /// may say "dialin" too (the PIN page, a CVI provider's instructions such as <c>dialin.plcm.vc</c>).</summary>
        private static string? ReadDialInUrl(BlockContent content, ConferencingCoordinates placed)
        {
            var web = WebLinksNotPlaced(content, placed);
            var byHost = web.FirstOrDefault(IsDialInByAddress);
            if (byHost != null) return byHost.Url;
            return web.FirstOrDefault(IsFindALocalNumber)?.Url;
        }

        private static List<BlockLink> WebLinksNotPlaced(BlockContent content, ConferencingCoordinates placed) =>
            content.Links.Where(l => l.Url.StartsWith("http", StringComparison.OrdinalIgnoreCase)
                && l.Url != placed.ResetPinUrl && l.Url != placed.MeetingOptionsUrl && l.Url != placed.VideoConferencing?.InstructionsUrl).ToList();

        private static bool IsDialInByAddress(BlockLink l) => Uri.TryCreate(l.Url, UriKind.Absolute, out var u) &&
            (u.Host.IndexOf("dialin", StringComparison.OrdinalIgnoreCase) >= 0 || u.AbsolutePath.IndexOf("dialin", StringComparison.OrdinalIgnoreCase) >= 0);

        private static bool IsFindALocalNumber(BlockLink l) => FindLocalNumberLabels.Any(label => l.Label.IndexOf(label, StringComparison.OrdinalIgnoreCase) >= 0);

        private static void ReadPhones(BlockContent content, ConferencingCoordinates result)
        {
            var numbers = new List<(string Number, bool TollFree)>();
            var dialled = new List<string>();      // what the links dial, beside what they show
            var conferenceIds = new List<string>();
            foreach (var link in content.Links.Where(l => l.Url.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)))
            {
                string target = Uri.UnescapeDataString(link.Url.Substring(4));
                SplitDialString(target, out string targetNumber, out string? conferenceId);
                if (result.ConferenceId == null && conferenceId != null) result.ConferenceId = conferenceId;
                dialled.Add(targetNumber);
                if (conferenceId != null) conferenceIds.Add(conferenceId);
                SplitDialString(link.Label, out string shown, out _);
                string number = shown.Any(char.IsDigit) ? shown : targetNumber;
                numbers.Add((number, IsTollFree(link.Line, number)));
            }

            if (numbers.Count == 0)
            {
                foreach (string line in content.Lines)
                {
                    var m = LeadingPhoneNumber.Match(line);
                    if (!m.Success) continue;
                    SplitDialString(line.Substring(0, m.Length), out string number, out _);
                    SplitDialString(line, out _, out string? conferenceId);
                    if (result.ConferenceId == null && conferenceId != null) result.ConferenceId = conferenceId;
                    numbers.Add((number, IsTollFree(line, number)));
                }
            }

            var distinct = numbers.GroupBy(n => n.Number, StringComparer.Ordinal).Select(g => g.First()).ToList();
            result.TollNumber = distinct.Where(n => !n.TollFree).Select(n => n.Number).FirstOrDefault();
            result.TollFreeNumbers = distinct.Where(n => n.TollFree).Select(n => n.Number).ToArray();
            // Every number the block shows: its links' and, beside them, a line that begins with one (a number typed without a
            // link stays on attendees' screens as much as a linked one).
            var allShown = distinct.Select(n => n.Number).Concat(dialled).ToList();
            foreach (string line in content.Lines)
            {
                var m = LeadingPhoneNumber.Match(line);
                if (!m.Success) continue;
                SplitDialString(line.Substring(0, m.Length), out string number, out _);
                if (!allShown.Contains(number, StringComparer.Ordinal)) allShown.Add(number);
            }
            result.ShownNumbers = allShown.ToArray();
            result.ShownConferenceIds = conferenceIds.Distinct(StringComparer.Ordinal).ToArray();
        }

        /// <summary>"+1 555-0100,,123456789#" → number "+1 555-0100", conference ID "123456789".</summary>
        private static void SplitDialString(string value, out string number, out string? conferenceId)
        {
            int pause = value.IndexOf(",,", StringComparison.Ordinal);
            if (pause < 0)
            {
                number = value.Trim();
                conferenceId = null;
                return;
            }

            number = value.Substring(0, pause).Trim();
            string rest = value.Substring(pause + 2);
            int hash = rest.IndexOf('#');
            string id = Compact(hash >= 0 ? rest.Substring(0, hash) : rest);
            conferenceId = id.Length > 0 && id.All(char.IsDigit) ? id : null;
        }

        private static bool IsTollFree(string line, string number)
        {
            string rest = line.Replace(number, " ");
            if (TollFreeWords.Any(w => rest.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0)) return true;
            if (TollWords.Any(w => ContainsWord(rest, w))) return false;

            // No label: North American toll-free prefixes are the only language-neutral signal.
            string digits = new string(number.Where(char.IsDigit).ToArray());
            return digits.Length == 11 && digits[0] == '1' &&
                   new[] { "800", "833", "844", "855", "866", "877", "888" }.Contains(digits.Substring(1, 3));
        }

        private static bool ContainsWord(string text, string word)
        {
            int i = text.IndexOf(word, StringComparison.OrdinalIgnoreCase);
            while (i >= 0)
            {
                bool startOk = i == 0 || !char.IsLetter(text[i - 1]);
                bool endOk = i + word.Length >= text.Length || !char.IsLetter(text[i + word.Length]);
                if (startOk && endOk) return true;
                i = text.IndexOf(word, i + 1, StringComparison.OrdinalIgnoreCase);
            }

            return false;
        }

        private static string? ReadConferenceIdFromLabels(BlockContent content, string[] labels, bool byShape)
        {
            foreach (string line in content.Lines)
            {
                string? value = ValueAfterLabel(line, labels);
                if (value == null) continue;
                string id = Compact(value.TrimEnd('#', ' '));
                if (id.Length > 0 && id.All(char.IsDigit)) return id;
            }

            // Unknown language (Skype only; Teams has its tel: links): a line naming an "ID" and ending in digits.
            if (!byShape) return null;
            foreach (string line in content.Lines)
            {
                if (line.IndexOf("ID", StringComparison.Ordinal) < 0 && line.IndexOf("Id", StringComparison.Ordinal) < 0) continue;
                var m = Regex.Match(line, @"[:：]\s*([\d ]{4,20})#?$");
                if (m.Success && line.IndexOf("+", StringComparison.Ordinal) < 0)
                {
                    string id = Compact(m.Groups[1].Value);
                    if (id.Length >= 4 && id.Length <= 12) return id;
                }
            }

            return null;
        }

        /// <summary>
        /// The meeting ID where Teams writes it: on the line right after the join link (layouts 2-4), as "label: digits"
        /// (a label we know, the <c>data-tid="meeting-code"</c> span of layout 2, or in a language we do not know any label
        /// with a colon and 11 or more digits). A refresh writes this ID again (Graph does not give it back), so a number
        /// typed or pasted anywhere else in the block (a contact's mobile, a ticket, another meeting's "Meeting ID" line, a
        /// Zoom backup) is never it, and another meeting's ID anywhere in the block (under a label we know, or named by a
        /// Teams short link, layout 4's own included) leaves it out (outside probes).
        /// </summary>
        /// <param name="knownLabel">Whether the ID's label is one we know: then its passcode needs a label we know too.</param>
        private static string? ReadMeetingId(BlockContent content, out int lineIndex, out bool knownLabel)
        {
            lineIndex = -1;
            knownLabel = false;
            string? found = null;
            for (int i = 1; i < content.Lines.Count; i++)
            {
                if (!HoldsJoinLink(content, content.Lines[i - 1])) continue;
                if (!(MeetingIdOn(content, i, out bool known) is string id)) continue;
                // By its shape alone only in a block that shows a layout with a meeting ID (2-4): a layout-1 block has none,
                // and a "Ticket: 400 233 118 71" typed under its join link is not one (sixth probe).
                if (!known && !HasMeetingIdLayout(content)) continue;
                if (found != null && found != id) return Unread(out lineIndex, out knownLabel); // two meetings' IDs
                if (found == null)
                {
                    found = id;
                    lineIndex = i;
                    knownLabel = known;
                }
            }

            if (found == null) return null;

            // Another meeting's ID anywhere in the block makes this one doubtful: under a label we know (a pasted "Meeting
            // ID" line, a Zoom backup), or named by a Teams short link (layout 4's join link names its meeting's ID; one
            // typed in for a follow-up session names another).
            if (Enumerable.Range(0, content.Lines.Count).Any(i => MeetingIdOn(content, i, out bool labelled) is string other && labelled && other != found)
                || content.Links.Any(l => l.Url.IndexOf("/meet/", StringComparison.OrdinalIgnoreCase) >= 0 && JoinUrls.ShortLinkMeetingId(l.Url) is string named && named != found))
                return Unread(out lineIndex, out knownLabel);
            return found;
        }

        private static string? Unread(out int lineIndex, out bool knownLabel)
        {
            lineIndex = -1;
            knownLabel = false;
            return null;
        }

        /// <summary>
        /// Marks of the layouts that show a meeting ID (2-4), none of them a label: layout 2's meeting-code span, layout
        /// 3-4's <c>meet_invite_block</c> ids and their 32-underscore inner rule in text, layout 4's short link, layout 2's
        /// "Download Teams | Join on the web" links.
        /// </summary>
        private static bool HasMeetingIdLayout(BlockContent content) =>
            content.MeetingCodeTexts.Count > 0
            || content.Lines.Any(l => l.Length == 32 && l.All(c => c == '_'))
            || content.Links.Any(l => (l.Id != null && l.Id.StartsWith("meet_invite_block", StringComparison.OrdinalIgnoreCase))
                                      || JoinUrls.Classify(l.Url) == JoinLinkKind.TeamsShort
                                      || l.Url.IndexOf("microsoft-teams/download-app", StringComparison.OrdinalIgnoreCase) >= 0
                                      || l.Url.IndexOf("microsoft-teams/join-a-meeting", StringComparison.OrdinalIgnoreCase) >= 0);

        private static bool HoldsJoinLink(BlockContent content, string line) =>
            content.Links.Any(l => l.Line == line && JoinUrls.IsTeams(JoinUrls.Classify(l.Url)));

        /// <summary>The meeting ID the block's line <paramref name="index"/> shows as "label: digits" and nothing else, or null.</summary>
        private static string? MeetingIdOn(BlockContent content, int index, out bool knownLabel)
        {
            string line = content.Lines[index];
            knownLabel = true;
            // Most lines of a block: too short for nine digits, or a phone line.
            if (line.Length < 9 || line.IndexOf('+') >= 0 || line.IndexOf('#') >= 0) return null;
            foreach (string code in content.MeetingCodeTexts)
            {
                if (line.IndexOf(code, StringComparison.Ordinal) < 0) continue;
                var m = LongDigitGroups.Match(code);
                if (!m.Success || m.Index + m.Length != code.Length) continue;
                // Teams' own marker: the ID is this meeting's whatever the label's language; whether we know the label
                // decides how the passcode after it is read (a label we do not know: by its shape).
                knownLabel = ValueAfterLabel(line, MeetingIdLabels) != null;
                return Compact(m.Value);
            }

            string? value = ValueAfterLabel(line, MeetingIdLabels);
            if (value != null)
            {
                string id = Compact(value);
                return id.Length >= 9 && TeamsDigits.IsMatch(value.Trim()) ? id : null;
            }

            // A language we do not know: 11 to 16 digits (video IDs are 10; Teams meeting IDs 12 to 15) after a colon, and a
            // passcode-shaped line after it, as layouts 2-4 write them. A line typed in that place in a layout-1 block
            // ("Mobile: 612 345 678 90") has no passcode line after it.
            knownLabel = false;
            var shape = LongDigitGroups.Match(line);
            if (!shape.Success || shape.Index + shape.Length != line.Length) return null;
            string digits = Compact(shape.Value);
            string label = line.Substring(0, shape.Index).Trim();
            bool colon = label.EndsWith(":", StringComparison.Ordinal) || label.EndsWith("：", StringComparison.Ordinal);
            bool passcodeAfter = index + 1 < content.Lines.Count && PasscodeLine.IsMatch(content.Lines[index + 1]);
            // Grouped, as Teams writes a meeting ID in its block; a number written whole is a ticket's or a phone's.
            bool grouped = shape.Value.Length > digits.Length;
            return digits.Length >= 11 && digits.Length <= 16 && grouped && TeamsDigits.IsMatch(shape.Value) && colon && !label.Any(char.IsDigit) && passcodeAfter ? digits : null;
        }

        /// <summary>Whether the line shows a meeting ID under a label we know (a video ID is never such a number).</summary>
        internal static bool IsMeetingIdLine(string line) => ValueAfterLabel(line, MeetingIdLabels) != null;

        /// <summary>
        /// The passcode on the line right after the meeting ID, where Teams writes it: "label: token" with a label we know
        /// (or, when the meeting ID's label was not one we know either, any label), the token one word of printable ASCII
        /// as Teams makes them. Nothing else: a meeting ID needs no passcode when the organizer turned it off, and the line
        /// after it is then the organizer's own ("Wi-Fi password: …", "Password for the deck: …": outside probe).
        /// </summary>
        private static string? ReadPasscode(BlockContent content, int meetingIdLine, bool knownLabel)
        {
            if (meetingIdLine < 0 || meetingIdLine + 1 >= content.Lines.Count) return null;
            string line = content.Lines[meetingIdLine + 1];
            string? value = ValueAfterColonLabel(line, PasscodeLabels);
            if (value == null && !knownLabel)
            {
                var m = PasscodeLine.Match(line);
                if (m.Success) value = m.Groups[1].Value;
            }

            return value != null && value.Length <= 32 && value.Length > 0 && value.All(c => c > ' ' && c < '\u007F') ? value : null;
        }

        /// <summary>The text after one of the labels and a colon (a passcode's label always has one: "Password for…" is not it).</summary>
        private static string? ValueAfterColonLabel(string line, string[] labelsLongestFirst)
        {
            foreach (string label in labelsLongestFirst)
            {
                string bare = label.TrimEnd(':', '：', ' ');
                if (!line.StartsWith(bare, StringComparison.OrdinalIgnoreCase)) continue;
                int i = bare.Length;
                while (i < line.Length && line[i] == ' ') i++;
                if (i < line.Length && (line[i] == ':' || line[i] == '：')) return line.Substring(i + 1).Trim();
            }

            return null;
        }

        /// <summary>
        /// When the line starts with one of the labels (followed by a colon, a space or the end), the text after the
        /// colon; otherwise null. Labels are compared case-insensitively in the order given, longest first
        /// (<see cref="LongestFirst"/>), so the longest matching label wins and "電話会議 ID" is not read as "会議 ID".
        /// </summary>
        private static string? ValueAfterLabel(string line, string[] labelsLongestFirst)
        {
            foreach (string label in labelsLongestFirst)
            {
                if (!line.StartsWith(label, StringComparison.OrdinalIgnoreCase)) continue;
                int i = label.Length;
                if (i < line.Length && !(line[i] == ' ' || line[i] == ':' || line[i] == '：')) continue;
                while (i < line.Length && line[i] == ' ') i++;
                if (i < line.Length && (line[i] == ':' || line[i] == '：')) i++;
                return line.Substring(i).Trim();
            }

            return null;
        }

        private static string Compact(string value)
        {
            var sb = new StringBuilder(value.Length);
            foreach (char c in value)
            {
                if (!char.IsWhiteSpace(c) && c != '\u00A0' && c != '\u202F') sb.Append(c);
            }

            return sb.ToString();
        }
    }
}
