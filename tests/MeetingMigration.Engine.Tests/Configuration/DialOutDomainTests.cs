using System.Collections.Generic;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Errors;
using Xunit;

namespace MeetingMigration.Engine.Tests.Configuration
{
    /// <summary>The domains dial-out may call: names a person can read and type, no invisible letter among them.</summary>
    public class DialOutDomainTests
    {
        [Theory]
        [InlineData("contoso.com")]
        [InlineData("sub.contoso.co.uk")]
        [InlineData("bücher.de")]
        [InlineData("한국.kr")]
        public void A_domain_name_is_taken(string domain)
        {
            new DialInConferencingTenantSettings { AllowedDialOutExternalDomains = new List<string> { domain } }.Validate();
        }

        /// <summary>Outside probe AO: Hangul fillers are letters to Unicode, so "con\u3164toso.com" was stored and shown blank.</summary>
        [Theory]
        [InlineData("con\u3164toso.com")]
        [InlineData("con\u115Ftoso.com")]
        [InlineData("con\uFFA0toso.com")]
        [InlineData("con\u200Btoso.com")]
        public void A_domain_with_an_invisible_character_is_refused(string domain)
        {
            var settings = new DialInConferencingTenantSettings { AllowedDialOutExternalDomains = new List<string> { domain } };

            var e = Assert.Throws<MeetingMigrationException>(() => settings.Validate());

            Assert.Equal(ErrorIds.InvalidSettingValue, e.ErrorId);
            Assert.Equal(-1, QuotedValue.IndexOfEscaped(e.Message));
        }
    }
}
