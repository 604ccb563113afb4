using System;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;
using Xunit;

namespace MeetingMigration.Engine.Tests.Model
{
    public class UserIdentityTests
    {
        [Theory]
        [InlineData("ashaw@contoso.com", "ashaw@contoso.com")]
        [InlineData("AShaw@Contoso.COM", "ashaw@contoso.com")]
        [InlineData("  ashaw@contoso.com\t", "ashaw@contoso.com")]
        [InlineData("sip:ashaw@contoso.com", "ashaw@contoso.com")]
        [InlineData("SIP:AShaw@contoso.com", "ashaw@contoso.com")]
        [InlineData("first.last+tag@sub.contoso.co.uk", "first.last+tag@sub.contoso.co.uk")]
        public void Addresses_are_parsed_and_normalized(string text, string expected)
        {
            var identity = UserIdentity.Parse(text);

            Assert.Equal(UserIdentityKind.Address, identity.Kind);
            Assert.Equal(expected, identity.Value);
            Assert.Equal(text, identity.Original);
            Assert.Equal(Guid.Empty, identity.ObjectId);
        }

        [Theory]
        [InlineData("7b0c5e2a-3f4d-4c8e-9a61-2d5b8f0e4c17")]
        [InlineData("7B0C5E2A-3F4D-4C8E-9A61-2D5B8F0E4C17")]
        [InlineData("{7b0c5e2a-3f4d-4c8e-9a61-2d5b8f0e4c17}")]
        [InlineData("7b0c5e2a3f4d4c8e9a612d5b8f0e4c17")]
        public void Object_ids_are_parsed_in_any_guid_format(string text)
        {
            var identity = UserIdentity.Parse(text);

            Assert.Equal(UserIdentityKind.ObjectId, identity.Kind);
            Assert.Equal(Guid.Parse("7b0c5e2a-3f4d-4c8e-9a61-2d5b8f0e4c17"), identity.ObjectId);
            Assert.Equal("7b0c5e2a-3f4d-4c8e-9a61-2d5b8f0e4c17", identity.Value);
        }

        [Fact]
        public void The_same_user_typed_differently_is_equal()
        {
            Assert.Equal(UserIdentity.Parse("sip:Ada@Contoso.com"), UserIdentity.Parse("ada@contoso.com"));
            Assert.Equal(UserIdentity.Parse("sip:Ada@Contoso.com").GetHashCode(), UserIdentity.Parse("ada@contoso.com").GetHashCode());
            Assert.NotEqual(UserIdentity.Parse("ada@contoso.com"), UserIdentity.Parse("bob@contoso.com"));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("\t\r\n")]
        [InlineData("ada")]
        [InlineData("sip:")]
        [InlineData("@contoso.com")]
        [InlineData("ada@")]
        [InlineData("ada@@contoso.com")]
        [InlineData("ada@bob@contoso.com")]
        [InlineData("ada@.contoso.com")]
        [InlineData("ada@contoso.com.")]
        [InlineData("ada@contoso..com")]
        [InlineData("ada@contoso.com/calendar")]
        [InlineData("ada@contoso.com?$select=id")]
        [InlineData("ada@contoso.com#x")]
        [InlineData("ada@con%2Ftoso.com")]
        [InlineData("ada@-contoso.com")]
        [InlineData("ada@contoso-.com")]
        [InlineData("ada@contoso.com/../../users")]
        [InlineData("ada shaw@contoso.com")]
        [InlineData("ada\u0000@contoso.com")]
        [InlineData("ada@contoso.com\u0007")]
        [InlineData("ada\u0085@contoso.com")]
        [InlineData("<ada@contoso.com>")]
        [InlineData("ada;bob@contoso.com")]
        [InlineData("sip:sip:ada@contoso.com")]
        public void Bad_values_are_refused_with_the_value_as_target(string? text)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse(text));

            Assert.Equal(ErrorIds.InvalidIdentity, error.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.Equal(text, error.Target);
            Assert.False(UserIdentity.TryParse(text, out var identity, out var problem));
            Assert.Null(identity);
            Assert.False(string.IsNullOrWhiteSpace(problem));
        }

        [Fact]
        public void A_ten_thousand_character_value_is_refused_with_a_short_message_and_the_whole_value_as_target()
        {
            var text = new string('a', 10000 - "@contoso.com".Length) + "@contoso.com";

            var error = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse(text));

            Assert.Equal(ErrorIds.InvalidIdentity, error.ErrorId);
            Assert.Same(text, error.Target);
            Assert.True(error.Message.Length < 400, $"message of {error.Message.Length} characters");
        }

        [Fact]
        public void The_longest_address_is_accepted_and_one_more_character_is_not()
        {
            var domain = "@contoso.com";
            var longest = new string('a', UserIdentity.MaxAddressLength - domain.Length) + domain;

            Assert.Equal(longest, UserIdentity.Parse(longest).Value);
            Assert.Equal(longest, UserIdentity.Parse("sip:" + longest).Value);
            Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse("a" + longest));
        }

        [Fact]
        public void Control_characters_are_shown_escaped_in_the_message()
        {
            var error = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse("ada\u0001@contoso.com"));

            Assert.Contains("\\u0001", error.Message);
            Assert.DoesNotContain("\u0001", error.Message, StringComparison.Ordinal);
        }
    }
}
