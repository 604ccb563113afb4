using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Graph;
using MeetingMigration.Engine.Migration;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// An event's body is read in the format it is stored in, in one read when the calendar page said which (issue 9: a plain-text
    /// meeting read as HTML first and as text after cost 0.2 requests per meeting), and never in the wrong one whatever the page
    /// said: the read's own native-body property decides, or, from a server that gives none, the shape of Exchange's conversion.
    /// </summary>
    public sealed class StoredBodyFormatReadTests
    {
        private const string Text = "Agenda\r\nJoin: https://meet.lync.com/contoso/ada/ABC\r\n";

        /// <summary>
        /// One stored event served as Graph serves it: HTML unless text is asked for, a text body as Exchange's conversion, an
        /// HTML body asked for as text as its text.
        /// </summary>
        private sealed class OneEvent : HttpMessageHandler
        {
            public bool StoredAsText;
            public bool GivesNativeBody = true;
            /// <summary>Runs after each read: the organizer changing the body's format between two reads.</summary>
            public Action<OneEvent>? AfterRead;
            public readonly List<bool> ReadsAsText = new List<bool>();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                bool asText = request.Headers.TryGetValues("Prefer", out var prefer) && prefer.Any(p => p.Contains("outlook.body-content-type=\"text\""));
                ReadsAsText.Add(asText);
                var body = StoredAsText
                    ? (asText ? ("text", Text) : ("html", ExchangeTextConversionTests.Converted(WebUtility.HtmlEncode(Text).Replace("\r\n", "<br>\r\n"))))
                    : (asText ? ("text", "Agenda") : ("html", "<html><body><p><b>Agenda</b></p></body></html>"));
                var answer = EventAnswer(body.Item1, body.Item2, GivesNativeBody ? (StoredAsText ? "1" : "3") : null, "W/\"1\"");
                AfterRead?.Invoke(this);
                return Task.FromResult(answer);
            }
        }

        private static GraphMailboxGateway Gateway(HttpMessageHandler server) =>
            new GraphMailboxGateway(new GraphServiceClient(new HttpClient(server), new AnonymousAuthenticationProvider(), "https://graph.microsoft.com/v1.0"));

        [Fact]
        public async Task A_text_body_the_page_said_is_text_is_read_once_as_text()
        {
            var server = new OneEvent { StoredAsText = true };

            var read = await Gateway(server).GetEventAsync("ada@contoso.com", "e1", StoredBodyFormat.Text, CancellationToken.None);

            Assert.Equal(new[] { true }, server.ReadsAsText);
            Assert.Equal((false, Text, StoredBodyFormat.Text), (read!.BodyIsHtml, read.Body, read.StoredBodyFormat));
        }

        [Fact]
        public async Task An_html_body_is_read_once_as_html()
        {
            var server = new OneEvent { StoredAsText = false };

            var read = await Gateway(server).GetEventAsync("ada@contoso.com", "e1", StoredBodyFormat.Html, CancellationToken.None);

            Assert.Equal(new[] { false }, server.ReadsAsText);
            Assert.True(read!.BodyIsHtml);
        }

        [Fact]
        public async Task A_text_body_read_without_word_from_a_page_is_read_again_as_text_because_its_answer_says_so()
        {
            var server = new OneEvent { StoredAsText = true };

            var read = await Gateway(server).GetEventAsync("ada@contoso.com", "e1", CancellationToken.None);

            Assert.Equal(new[] { false, true }, server.ReadsAsText);
            Assert.Equal((false, Text), (read!.BodyIsHtml, read.Body));
        }

        [Fact]
        public async Task A_body_made_html_since_the_page_said_text_is_read_again_as_html_not_kept_as_text()
        {
            var server = new OneEvent { StoredAsText = false };

            var read = await Gateway(server).GetEventAsync("ada@contoso.com", "e1", StoredBodyFormat.Text, CancellationToken.None);

            Assert.Equal(new[] { true, false }, server.ReadsAsText);
            Assert.Equal("<html><body><p><b>Agenda</b></p></body></html>", read!.Body);
        }

        /// <summary>The native-body property outranks the shape: an HTML body that looks like the conversion stays HTML.</summary>
        [Fact]
        public async Task An_html_body_in_the_shape_of_the_conversion_stays_html_when_its_answer_says_html()
        {
            var html = ExchangeTextConversionTests.Converted("Agenda<br>\r\n");
            var server = new ScriptedAnswers(_ => ("html", html, "3"));

            var read = await Gateway(server).GetEventAsync("ada@contoso.com", "e1", CancellationToken.None);

            Assert.Equal(1, server.Reads);
            Assert.Equal((true, html), (read!.BodyIsHtml, read.Body));
        }

        [Fact]
        public async Task From_a_server_that_gives_no_native_body_the_conversions_shape_decides()
        {
            var server = new OneEvent { StoredAsText = true, GivesNativeBody = false };

            var read = await Gateway(server).GetEventAsync("ada@contoso.com", "e1", CancellationToken.None);

            Assert.Equal(new[] { false, true }, server.ReadsAsText);
            Assert.Equal((false, Text), (read!.BodyIsHtml, read.Body));
        }

        /// <summary>
        /// Outside probe AI: event reads that do not give the property fell back to the HTML's shape although the page had said
        /// how the body is stored, so an HTML body in the conversion's shape was written back as text, and a text body took three
        /// reads. A page's "HTML" holds; its "text" is confirmed by the HTML's shape, in two reads.
        /// </summary>
        [Fact]
        public async Task When_the_reads_do_not_say_a_pages_html_holds_and_its_text_is_confirmed_by_the_shape()
        {
            var text = new OneEvent { StoredAsText = true, GivesNativeBody = false };
            var html = ExchangeTextConversionTests.Converted("Agenda<br>\r\n");
            var shaped = new ScriptedAnswers(_ => ("html", html, ""));

            var textRead = await Gateway(text).GetEventAsync("ada@contoso.com", "e1", StoredBodyFormat.Text, CancellationToken.None);
            var htmlRead = await Gateway(shaped).GetEventAsync("ada@contoso.com", "e1", StoredBodyFormat.Html, CancellationToken.None);

            Assert.Equal(new[] { true, false }, text.ReadsAsText);
            Assert.Equal((false, Text), (textRead!.BodyIsHtml, textRead.Body));
            Assert.Equal(1, shaped.Reads);
            Assert.Equal((true, html), (htmlRead!.BodyIsHtml, htmlRead.Body));
        }

        /// <summary>
        /// Outside probe AJ: with reads that do not give the property, a body made HTML after the page said "text" was read as
        /// text and written back flattened (its formatting lost for good). Unvouched text is checked against the HTML's shape:
        /// HTML that is not the conversion stays HTML. The other way round (made text after the page said HTML) the body stays
        /// HTML, the conversion written back as HTML: in doubt nothing is flattened (how-migration-works.md).
        /// </summary>
        [Fact]
        public async Task When_the_reads_do_not_say_a_body_changed_since_the_page_is_never_flattened()
        {
            var madeHtml = new OneEvent { StoredAsText = false, GivesNativeBody = false };
            var madeText = new OneEvent { StoredAsText = true, GivesNativeBody = false };

            var html = await Gateway(madeHtml).GetEventAsync("ada@contoso.com", "e1", StoredBodyFormat.Text, CancellationToken.None);
            var text = await Gateway(madeText).GetEventAsync("ada@contoso.com", "e1", StoredBodyFormat.Html, CancellationToken.None);

            Assert.Equal(new[] { true, false }, madeHtml.ReadsAsText);
            Assert.Equal((true, "<html><body><p><b>Agenda</b></p></body></html>"), (html!.BodyIsHtml, html.Body));
            Assert.Equal(new[] { false }, madeText.ReadsAsText);
            Assert.True(text!.BodyIsHtml);
        }

        /// <summary>
        /// Outside probe AK: with no property anywhere, a meeting made HTML between its HTML read (the conversion's shape) and
        /// its text read was written back as the flattened text. The two reads go together only with the same etag.
        /// </summary>
        [Fact]
        public async Task Reads_that_do_not_say_are_taken_together_only_when_nothing_changed_between_them()
        {
            var converted = ExchangeTextConversionTests.Converted("Agenda<br>\r\n");
            var changed = new ScriptedAnswers(n => n == 1 ? ("html", converted, "") : ("text", "Agenda now bold", "")) { ETagOf = n => n == 1 ? "W/\"1\"" : "W/\"2\"" };
            var unchanged = new ScriptedAnswers(n => n == 1 ? ("html", converted, "") : ("text", "Agenda\r\n", "")) { ETagOf = _ => "W/\"1\"" };
            // Outside probe AL: a proxy that drops the etags let the pairing through unchecked.
            var unversioned = new ScriptedAnswers(n => n == 1 ? ("html", converted, "") : ("text", "Agenda now bold", "")) { ETagOf = _ => null };

            var failure = await Assert.ThrowsAsync<GraphCallException>(() => Gateway(changed).GetEventAsync("ada@contoso.com", "e1", CancellationToken.None));
            var noVersion = await Assert.ThrowsAsync<GraphCallException>(() => Gateway(unversioned).GetEventAsync("ada@contoso.com", "e1", CancellationToken.None));
            var read = await Gateway(unchanged).GetEventAsync("ada@contoso.com", "e1", CancellationToken.None);

            Assert.Equal(("BodyFormatUnsettled", "BodyFormatUnsettled"), (failure.Code, noVersion.Code));
            Assert.Contains("it changed between two reads", failure.Message);
            Assert.Equal((false, "Agenda\r\n"), (read!.BodyIsHtml, read.Body));
        }

        /// <summary>A text answer not asked for, with nothing to say how the body is stored, is checked by an HTML read, and kept when that read shows text.</summary>
        [Fact]
        public async Task A_text_answer_that_nothing_vouches_for_is_checked_once_as_html()
        {
            var server = new ScriptedAnswers(n => n == 2 ? ("html", ExchangeTextConversionTests.Converted("Agenda<br>\r\n"), "") : ("text", "Agenda\r\n", ""));

            var read = await Gateway(server).GetEventAsync("ada@contoso.com", "e1", CancellationToken.None);

            Assert.Equal(2, server.Reads);
            Assert.Equal((false, "Agenda\r\n"), (read!.BodyIsHtml, read.Body));
        }

        [Fact]
        public async Task A_body_that_keeps_changing_format_fails_the_read_and_is_read_on_the_next_attempt()
        {
            var server = new OneEvent { StoredAsText = true, AfterRead = s => s.StoredAsText = !s.StoredAsText };

            var failure = await Assert.ThrowsAsync<GraphCallException>(() => Gateway(server).GetEventAsync("ada@contoso.com", "e1", StoredBodyFormat.Html, CancellationToken.None));

            Assert.Equal(3, server.ReadsAsText.Count);
            Assert.Equal((200, "BodyFormatUnsettled"), (failure.Status, failure.Code));
        }

        /// <summary>A server that ignores the body type asked for: HTML every time, though the body is stored as text.</summary>
        [Fact]
        public async Task A_server_that_never_gives_text_fails_the_read_rather_than_hand_out_the_conversion()
        {
            var server = new ScriptedAnswers(_ => ("html", ExchangeTextConversionTests.Converted("Agenda<br>\r\n"), "1"));

            var failure = await Assert.ThrowsAsync<GraphCallException>(() => Gateway(server).GetEventAsync("ada@contoso.com", "e1", StoredBodyFormat.Text, CancellationToken.None));

            Assert.Equal(3, server.Reads);
            Assert.Equal("BodyFormatUnsettled", failure.Code);
            Assert.StartsWith("the body never came in the format it is stored in (plain text, its native-body property says): a proxy may drop", failure.Message);
        }

        [Theory]
        [InlineData("1", StoredBodyFormat.Text)]
        [InlineData("2", StoredBodyFormat.Rtf)]
        [InlineData("3", StoredBodyFormat.Html)]
        [InlineData("4", StoredBodyFormat.Unknown)]
        [InlineData("", StoredBodyFormat.Unknown)]
        [InlineData(null, StoredBodyFormat.Unknown)]
        public void The_native_body_value_maps_to_a_format_and_anything_else_to_unknown(string? value, StoredBodyFormat expected)
        {
            Assert.Equal(expected, NativeBodyProperty.Parse(value));
        }

        [Fact]
        public void A_calendar_page_carries_the_native_body_of_each_event_beside_the_marker()
        {
            var item = GraphEventJson.Read("{\"id\":\"e1\",\"singleValueExtendedProperties\":[{\"id\":\"" + MarkerProperty.Id + "\",\"value\":\"m\"},{\"id\":\"integer 0x1016\",\"value\":\"1\"}]}");

            Assert.Equal(("m", StoredBodyFormat.Text), (item.Marker, item.StoredBodyFormat));
        }

        /// <summary>Every read answered by a function of its number: (content type, content, native body value).</summary>
        private sealed class ScriptedAnswers : HttpMessageHandler
        {
            private readonly Func<int, (string Type, string Content, string Native)> _answer;
            public int Reads;
            /// <summary>The item's etag at each read (none when it gives null).</summary>
            public Func<int, string?> ETagOf = _ => "W/\"1\"";

            public ScriptedAnswers(Func<int, (string, string, string)> answer) => _answer = answer;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var (type, content, native) = _answer(++Reads);
                return Task.FromResult(EventAnswer(type, content, native, ETagOf(Reads)));
            }
        }

        /// <summary>Graph's answer for event e1: its body, the native-body property when given, the etag when given.</summary>
        private static HttpResponseMessage EventAnswer(string contentType, string content, string? native, string? etag)
        {
            var answer = new Dictionary<string, object>
            {
                ["id"] = "e1",
                ["body"] = new Dictionary<string, string> { ["contentType"] = contentType, ["content"] = content },
            };
            if (native != null) answer["singleValueExtendedProperties"] = new[] { new Dictionary<string, string> { ["id"] = NativeBodyProperty.Id, ["value"] = native } };
            if (etag != null) answer["@odata.etag"] = etag;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(answer), Encoding.UTF8, "application/json") };
        }
    }
}
