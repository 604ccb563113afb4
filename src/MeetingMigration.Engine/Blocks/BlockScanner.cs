using System;
using MeetingMigration.Engine.Blocks.Html;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// Finds the online-meeting block in an event body. Works on the body's UTF-16 indexes only: the body is never
    /// decoded, normalized or re-serialized, so <see cref="BlockMatch.Text"/> is always <c>body.Substring(Start, Length)</c>.
    /// A block is reported only when it can be delimited with certainty; anything else comes back as NotFound,
    /// Ambiguous or Unbalanced with a reason.
    /// </summary>
    public static class BlockScanner
    {
        public static BlockScanResult Scan(string body, BodyFormat format)
        {
            if (body == null) throw new ArgumentNullException(nameof(body));
            if (body.Length == 0) return BlockScanResult.NotFound("The body is empty.");
            return format == BodyFormat.Html ? HtmlBlockScanner.Scan(body) : TextBlockScanner.Scan(body);
        }
    }
}
