using MeetingMigration.Engine.Auth;
using Xunit;

namespace MeetingMigration.Engine.Tests.Auth
{
    /// <summary>
    /// An error answer that echoes the request's token, in any form an echo takes. Found by the probe that checked the first
    /// fix: a truncated, URL-encoded or JSON-escaped echo still reached errors, status, the store and the log.
    /// </summary>
    public sealed class EchoedTokenTests
    {
        private const string Token = "eyJ0eXAiOiJKV1Qi.eyJhdWQiOiJodHRwczovL2dyYXBo+Zw/9x=";

        [Theory]
        [InlineData("echo: Bearer " + Token)]
        [InlineData("echo: Bearer eyJ0eXAiOiJKV1Qi.eyJhdWQiOiJodHRwczovL2dyYXBo+Zw/")]                // cut short
        [InlineData("echo: Bearer eyJ0eXAiOiJKV1Qi.eyJhdWQiOiJodHRwczovL2dyYXBo%2BZw%2F9x%3D")]    // URL-encoded
        [InlineData("{\"message\":\"Bearer eyJ0eXAiOiJKV1Qi.eyJhdWQiOiJodHRwczovL2dyYXBo\\u002BZw\\/9x=\"}")] // JSON-escaped
        [InlineData("middle part: JodHRwczovL2dyYXBo")]
        public void Every_form_of_the_token_is_taken_out(string echoed)
        {
            var scrubbed = EchoedTokenHandler.Scrub(echoed, Token);

            Assert.Contains(EchoedTokenHandler.Replacement, scrubbed);
            Assert.DoesNotContain("eyJ0eXAiOiJKV1Qi", scrubbed);
            Assert.DoesNotContain("JodHRwczovL2dyYXBo", scrubbed);
        }

        [Fact]
        public void Text_without_the_token_comes_back_as_it_was()
        {
            const string text = "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token has expired or is not yet valid.\"}}";

            Assert.Same(text, EchoedTokenHandler.Scrub(text, Token));
        }
    }
}
