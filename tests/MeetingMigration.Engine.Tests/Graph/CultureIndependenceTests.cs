using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Graph;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    /// <summary>
    /// What the engine sends to Graph and writes into messages does not follow the culture it runs under. The engine runs
    /// in the admin's pwsh, whose culture is theirs: under th-TH the calendar window was asked for in the Buddhist year
    /// 2569 (every future meeting outside it, the user "migrated" with nothing found), under ar-SA and fa-IR in the
    /// Hijri and Persian years, and under fi-FI with times written 23.04.18, which Graph refuses.
    /// </summary>
    public sealed class CultureIndependenceTests
    {
        public static TheoryData<string> Cultures => new() { "th-TH", "ar-SA", "fa-IR", "fi-FI", "tr-TR", "en-US" };

        private static readonly DateTime Start = new DateTime(2026, 12, 5, 23, 4, 18, DateTimeKind.Utc);

        [Theory]
        [MemberData(nameof(Cultures))]
        public async Task The_calendar_window_is_asked_for_in_ISO_8601_whatever_the_culture(string culture)
        {
            Uri? sent = null;
            var answer = new FixedAnswer(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"value\":[]}", Encoding.UTF8, "application/json") });
            var recording = new Recording(answer, request => sent = request.RequestUri);
            var gateway = new GraphMailboxGateway(new GraphServiceClient(new HttpClient(recording), new AnonymousAuthenticationProvider(), "https://graph.microsoft.com/v1.0"));

            await UnderCulture(culture, () => gateway.ReadCalendarPageAsync("ada@contoso.com", Start, Start.AddYears(1), null, CancellationToken.None));

            var query = Uri.UnescapeDataString(sent!.Query);
            Assert.Contains("startDateTime=2026-12-05T23:04:18Z", query);
            Assert.Contains("endDateTime=2027-12-05T23:04:18Z", query);
        }

        [Theory]
        [MemberData(nameof(Cultures))]
        public async Task Messages_write_instants_with_Gregorian_years_and_colons(string culture)
        {
            string? written = null;
            await UnderCulture(culture, () => { written = UtcText.Of(Start); return Task.CompletedTask; });

            Assert.Equal("2026-12-05 23:04:18Z", written);
            Assert.Equal("", UtcText.Of((DateTime?)null));
        }

        private static async Task UnderCulture(string name, Func<Task> action)
        {
            var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
            try { await action(); }
            finally { (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui); }
        }

        private sealed class Recording : DelegatingHandler
        {
            private readonly Action<HttpRequestMessage> _seen;

            public Recording(HttpMessageHandler inner, Action<HttpRequestMessage> seen) : base(inner) => _seen = seen;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                _seen(request);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
