using System;
using System.Collections.Generic;
using System.Linq;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// Writes our own online-meeting block. The output is shaped so that <see cref="BlockScanner"/> recognizes it
    /// (a re-run must find the block it wrote): Teams blocks are a <c>me-email-text</c> container holding both
    /// 80-underscore fences (layout 3 shape) or, in text, two 80-underscore lines; Skype blocks sit between two
    /// 137-dot lines with the <c>OutJoinLink</c> bookmark. Every value is HTML-encoded in HTML and kept to one line
    /// in text. Output is deterministic, so equal inputs give equal blocks (and equal fingerprints).
    /// </summary>
    public static class BlockRenderer
    {
        /// <param name="replacing">The block being replaced, if any: its language is reused for the labels (English
        /// when the language is unknown or not one we write) and its line-break style is kept.</param>
        /// <exception cref="ArgumentException">The join link (or dial-in page) is not an absolute http(s) URL, or a
        /// phone number holds no digits.</exception>
        public static string Render(MeetingKind kind, ConferencingCoordinates coordinates, BodyFormat format, BlockMatch? replacing = null)
        {
            if (coordinates == null) throw new ArgumentNullException(nameof(coordinates));
            var values = RenderInput.From(coordinates);
            var labels = BlockLabels.ForRendering(replacing?.Language);
            // The old block's culture ("de-AT") is kept when its labels are the ones written; a language written in English
            // (Swedish, recognized only) is marked English: its lang="sv-SE" was kept over English text (outside probe BL-F2).
            string culture = replacing?.Language != null && replacing.Language.Contains("-")
                             && string.Equals(replacing.Language.Split('-', '_')[0], labels.Language, StringComparison.OrdinalIgnoreCase)
                ? replacing.Language
                : labels.Culture;
            string newLine = NewLineOf(replacing?.Text, format);

            IEnumerable<string> lines = (kind, format) switch
            {
                (MeetingKind.Teams, BodyFormat.Html) => TeamsBlockLines.Html(values, labels, culture),
                (MeetingKind.Teams, _) => TeamsBlockLines.Text(values, labels),
                (_, BodyFormat.Html) => SkypeBlockLines.Html(values, labels),
                _ => SkypeBlockLines.Text(values, labels),
            };
            return string.Join(newLine, lines);
        }

        /// <summary>
        /// The line break the replaced block used: CRLF, LF, or a lone CR (old Mac bodies); none for an HTML block written on
        /// one line (minified: its markup breaks the lines; it got CRLFs, outside probe BL-F5); CRLF for a text block that had
        /// none, or for a new block. Mixed breaks count as CRLF when any is one.
        /// </summary>
        private static string NewLineOf(string? text, BodyFormat format)
        {
            if (text == null || text.Contains("\r\n")) return "\r\n";
            if (text.IndexOf('\n') >= 0) return "\n";
            if (text.IndexOf('\r') >= 0) return "\r";
            return format == BodyFormat.Html ? "" : "\r\n";
        }
    }

    /// <summary>Coordinates checked and cleaned once, before any renderer sees them.</summary>
    internal sealed class RenderInput
    {
        public string JoinUrl { get; private set; } = "";
        public string? DialInUrl { get; private set; }
        public string? ConferenceId { get; private set; }
        public string? MeetingId { get; private set; }
        public string? Passcode { get; private set; }
        public IReadOnlyList<(string Number, bool TollFree)> Numbers { get; private set; } = Array.Empty<(string, bool)>();
        public string? MeetingOptionsUrl { get; private set; }
        public string? ResetPinUrl { get; private set; }
        public VideoConferencingDetails? Video { get; private set; }

        public bool HasPhoneSection => Numbers.Count > 0 || ConferenceId != null || DialInUrl != null;

        /// <summary>The PIN page only beside dial-in numbers: without them the organizer has no PIN to reset.</summary>
        public bool HasOrganizerLine => MeetingOptionsUrl != null || (ResetPinUrl != null && HasPhoneSection);

        public static RenderInput From(ConferencingCoordinates c)
        {
            var numbers = new List<(string, bool)>();
            if (!string.IsNullOrWhiteSpace(c.TollNumber)) numbers.Add((RenderValues.TextLine(c.TollNumber!), false));
            foreach (string n in c.TollFreeNumbers ?? Array.Empty<string>())
            {
                if (!string.IsNullOrWhiteSpace(n)) numbers.Add((RenderValues.TextLine(n), true));
            }

            foreach (var (number, _) in numbers) RenderValues.TelUri(number, null); // validates: throws without digits

            return new RenderInput
            {
                JoinUrl = RenderValues.RequireWebUrl(c.JoinUrl, "join URL"),
                DialInUrl = string.IsNullOrWhiteSpace(c.DialInUrl) ? null : RenderValues.RequireWebUrl(c.DialInUrl, "dial-in URL"),
                ConferenceId = Clean(c.ConferenceId),
                MeetingId = Clean(c.MeetingId),
                Passcode = Clean(c.Passcode),
                Numbers = numbers,
                // Carried from the block being replaced: a page that is not a web URL is left out rather than failing the meeting.
                MeetingOptionsUrl = WebUrlOrNull(c.MeetingOptionsUrl),
                ResetPinUrl = WebUrlOrNull(c.ResetPinUrl),
                Video = VideoOf(c.VideoConferencing),
            };
        }

        private static VideoConferencingDetails? VideoOf(VideoConferencingDetails? video)
        {
            string? key = Clean(video?.TenantKey), id = Clean(video?.VideoId);
            if (key == null || id == null || key.Length > TeamsExtrasReader.MaxTenantKeyLength || !RenderValues.IsDigits(id)) return null;
            return new VideoConferencingDetails(key, id, WebUrlOrNull(video!.InstructionsUrl));
        }

        private static string? WebUrlOrNull(string? url)
        {
            return string.IsNullOrEmpty(url) || url!.Length > TeamsExtrasReader.MaxUrlLength || !TeamsExtrasReader.IsWeb(url) ? null : url;
        }

        private static string? Clean(string? value)
        {
            if (value == null) return null;
            string line = RenderValues.TextLine(value);
            return line.Length == 0 ? null : line;
        }
    }
}
