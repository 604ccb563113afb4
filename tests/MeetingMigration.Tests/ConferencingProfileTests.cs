using System;
using System.Linq;
using MeetingMigration.Tests.Infrastructure;

namespace MeetingMigration.Tests
{
    /// <summary>Set/Get-MeetingMigrationConferencingProfile: the Skype coordinates Skype meetings are migrated to.</summary>
    public sealed class ConferencingProfileTests : IDisposable
    {
        private readonly ModuleRunspace _ps = new ModuleRunspace();

        public void Dispose() => _ps.Dispose();

        private string Profile(string upn) =>
            string.Join("|", _ps.Ok($"Get-MeetingMigrationConferencingProfile {upn}").Select(ModuleRunspace.Describe));

        [Fact]
        public void A_profile_piped_in_as_an_exported_row_is_saved_and_read_back()
        {
            _ps.Ok("[pscustomobject]@{ UserPrincipalName='ashaw@contoso.com'; MeetUrl='https://meet.contoso.com/ashaw/K7L2P9QZ'; ConferenceId='4417123'; " +
                   "ServiceNumber='+1 425 555 0100'; TollFreeNumber=@('+1 800 555 0100'); DialInUrl='https://dialin.contoso.com' } | Set-MeetingMigrationConferencingProfile");

            var profile = _ps.Ok("Get-MeetingMigrationConferencingProfile sip:ASHAW@contoso.com").Single();
            Assert.Equal("https://meet.contoso.com/ashaw/K7L2P9QZ", profile.Properties["JoinUrl"].Value);
            Assert.Equal("4417123", profile.Properties["ConferenceId"].Value);
            Assert.Equal("+1 425 555 0100", profile.Properties["TollNumber"].Value);
        }

        [Theory]
        [InlineData("-JoinUrl http://meet.contoso.com/ashaw/K7", "http://meet.contoso.com/ashaw/K7")]
        [InlineData("-JoinUrl https://meet.contoso.com/a -ConferenceId 12ab", "12ab")]
        [InlineData("-JoinUrl https://meet.contoso.com/a -TollNumber 'call me'", "call me")]
        [InlineData("-JoinUrl https://meet.contoso.com/a -DialInUrl not-a-url", "not-a-url")]
        public void Bad_values_are_refused_with_the_value_and_nothing_is_saved(string arguments, string offending)
        {
            var result = _ps.Run("Set-MeetingMigrationConferencingProfile ashaw@contoso.com " + arguments);

            var error = result.SingleError();
            Assert.StartsWith("InvalidSettingValue,", error.FullyQualifiedErrorId);
            Assert.Equal(offending, error.TargetObject);
            Assert.False(string.IsNullOrEmpty(error.ErrorDetails?.RecommendedAction));
            Assert.Equal("", Profile("ashaw@contoso.com"));
        }

        [Fact]
        public void WhatIf_saves_nothing()
        {
            _ps.Run("Set-MeetingMigrationConferencingProfile ashaw@contoso.com -JoinUrl https://meet.contoso.com/ashaw/K7 -WhatIf").AssertSuccess();
            Assert.Equal("", Profile("ashaw@contoso.com"));
        }

        [Fact]
        public void An_object_id_is_refused_because_a_profile_belongs_to_an_address()
        {
            var error = _ps.Run("Set-MeetingMigrationConferencingProfile 5b0e8a8e-6c3f-4f0a-9d47-2f6a1f3c9b21 -JoinUrl https://meet.contoso.com/a").SingleError();
            Assert.StartsWith("InvalidIdentity,", error.FullyQualifiedErrorId);
        }
    }
}
