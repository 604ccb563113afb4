using System;

namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// Tells Exchange's HTML rendering of a plain-text body from an HTML body. Graph returns event bodies in HTML unless asked
    /// for text; for a body stored as text, Exchange writes its generator tag and a <c>converted from text</c> comment in the
    /// head (as seen in Graph's answers for events created with a text body), then the text in a <c>PlainText</c> div.
    /// </summary>
    internal static class ExchangeTextConversion
    {
        private const string Comment = "<!-- converted from text -->";

        /// <summary>
        /// True when the comment stands before the body starts: the head Exchange wrote. The same comment inside the body
        /// (a forwarded mail quoted into the invitation) says nothing of this body's own type.
        /// </summary>
        public static bool IsConvertedFromText(string html)
        {
            int comment = html.IndexOf(Comment, StringComparison.Ordinal);
            if (comment < 0) return false;
            int body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
            return body < 0 || comment < body;
        }
    }
}
