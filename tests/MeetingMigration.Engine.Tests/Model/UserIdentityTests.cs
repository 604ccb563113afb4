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

        /// <summary>
        /// Outside probe AM: a whole object piped to -Identity reached it as text in three forms, and only the first was
        /// said to be one; a hashtable's and a process's got "contains the character U+0020" or "neither an address…".
        /// </summary>
        [Theory]
        [InlineData("@{Identity=}")]
        [InlineData("System.Collections.Hashtable")]
        [InlineData("System.Diagnostics.Process (dotnet)")]
        [InlineData("System.Collections.Generic.List`1[System.String]")]
        [InlineData("Microsoft.PowerShell.Commands.MatchInfo")]
        public void A_whole_object_as_text_is_said_to_be_one(string text)
        {
            var e = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse(text));

            Assert.Equal(ErrorIds.InvalidIdentity, e.ErrorId);
            Assert.EndsWith("is not a valid user identity: it is a whole piped object as text, not a property of it", e.Message);
            Assert.Contains("a hashtable's keys are not properties", e.RecommendedAction);
        }

        /// <summary>Outside probe AN: U+034F and U+FE0F passed (an identity shown as another), a tag character was named U+DB40.</summary>
        [Theory]
        [InlineData("a\u034Fb@contoso.com", "U+034F")]
        [InlineData("a\uFE0Fb@contoso.com", "U+FE0F")]
        [InlineData("a\u3164b@contoso.com", "U+3164")]
        [InlineData("ad\u200Bmin@contoso.com", "U+200B")]
        [InlineData("a\U000E0041b@contoso.com", "U+E0041")]
        [InlineData("user5\uFE0F@contoso.com", "U+FE0F")]           // outside probe AO: a variation selector after a digit or an emoji
        [InlineData("\u260E\uFE0F@contoso.com", "U+FE0F")]
        [InlineData("dev\U0001F468\u200D\U0001F4BB@contoso.com", "U+200D")]
        public void An_invisible_character_is_refused_by_its_code_point(string text, string named)
        {
            var e = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse(text));

            Assert.Contains($"it contains the character {named}, which no user identity contains", e.Message);
            Assert.Equal(-1, QuotedValue.IndexOfEscaped(e.Message));
        }

        [Theory]
        [InlineData("Systems Team")]
        [InlineData("contoso\\ashaw")]
        public void Text_that_only_resembles_an_object_is_not_said_to_be_one(string text)
        {
            var e = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse(text));

            Assert.DoesNotContain("whole piped object", e.Message);
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
        [InlineData("*@contoso.com")]        // a wildcard: Get-CsMeetingMigrationStatus reads it as a pattern, never as this user
        [InlineData("a?b@contoso.com")]
        [InlineData("00000000-0000-0000-0000-000000000000")] // the nil GUID: no user has it
        [InlineData("{00000000-0000-0000-0000-000000000000}")]
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

        [Theory]
        [InlineData("\u0430dmin@contoso.com", "U+0430")]      // Cyrillic а among Latin letters
        [InlineData("admin@c\u043Entoso.com", "U+043E")]      // Cyrillic о in the domain
        [InlineData("admin@c\u03BFntoso.com", "U+03BF")]      // Greek ο
        [InlineData("\uFF41dmin@contoso.com", "U+FF41")]      // fullwidth ａ
        [InlineData("\U0001D41Admin@contoso.com", "U+1D41A")] // mathematical bold 𝐚
        [InlineData("sip:p\u0430ypal@contoso.com", "U+0430")]
        public void Look_alike_letters_from_another_script_are_InvalidIdentity_naming_the_character(string text, string codePoint)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse(text));

            Assert.Equal(ErrorIds.InvalidIdentity, error.ErrorId);
            Assert.Equal(text, error.Target);
            Assert.Contains(codePoint, error.Message);
            Assert.Contains("mixes scripts", error.Message);
        }

        [Theory]
        [InlineData("admin\u0663@contoso.com", "U+0663")]     // Arabic-Indic three
        [InlineData("admin\uFF13@contoso.com", "U+FF13")]     // fullwidth three
        [InlineData("admin@contoso\u0969.com", "U+0969")]     // Devanagari three
        public void Digits_other_than_ASCII_are_InvalidIdentity(string text, string codePoint)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse(text));

            Assert.Equal(ErrorIds.InvalidIdentity, error.ErrorId);
            Assert.Contains(codePoint, error.Message);
            Assert.Contains("ASCII digits", error.Message);
        }

        [Theory]
        [InlineData("ad\u200Bmin@contoso.com")]   // zero-width space
        [InlineData("admin\u202E@contoso.com")]  // right-to-left override
        [InlineData("\uFEFFadmin@contoso.com")]  // BOM
        [InlineData("admin\u00AD@contoso.com")]  // soft hyphen
        public void Invisible_characters_are_InvalidIdentity_and_shown_escaped(string text)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse(text));

            Assert.Equal(ErrorIds.InvalidIdentity, error.ErrorId);
            Assert.Equal(-1, QuotedValue.IndexOfEscaped(error.Message));
        }

        [Theory]
        [InlineData("\u0438\u0432\u0430\u043D@contoso.com")]  // иван: one script in each part
        [InlineData("j\u00FCrgen.m\u00FCller@contoso.de")]      // Latin with diacritics is Latin
        [InlineData("o'brien_2@contoso.com")]
        public void An_address_that_keeps_to_one_script_in_each_part_is_accepted(string text)
        {
            Assert.Equal(text.ToLowerInvariant(), UserIdentity.Parse(text).Value);
        }

        [Fact]
        public void A_value_with_a_bidi_override_and_line_breaks_is_shown_escaped_and_short()
        {
            var text = "x\u202Ey\r\n" + new string('a', 100000) + "@contoso.com";

            var error = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse(text));

            Assert.StartsWith("'x\\u202Ey\\r\\n", error.Message);
            Assert.Contains("(100017 characters)", error.Message);
            Assert.Equal(-1, QuotedValue.IndexOfEscaped(error.Message));
            Assert.True(error.Message.Length < 300, $"{error.Message.Length} characters");
        }
    
        /// <summary>Microsoft's UserIdParameter takes these too; the error says so instead of naming a character (outside probe).</summary>
        [Theory]
        [InlineData("CN=ft3,OU=abc,OU=OCS Tenants,DC=lyncfrontdoor,DC=com", "distinguished name")]
        [InlineData(@"contoso\ashaw", @"domain\logon name")]
        [InlineData("Ken Myer", "display name")]
        [InlineData("Anne-Marie O'Neil", "display name")]
        public void Microsofts_other_identity_forms_are_refused_saying_which_form_they_are(string text, string form)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse(text));

            Assert.Equal(ErrorIds.InvalidIdentity, error.ErrorId);
            Assert.Contains($"it looks like a {form}, which Microsoft's cmdlets take and MeetingMigration does not", error.Message);
        }

        [Theory]
        [InlineData("ash aw@contoso.com")]
        [InlineData("not-an-address")]
        public void Other_bad_values_keep_their_own_reason(string text)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => UserIdentity.Parse(text));

            Assert.DoesNotContain("looks like a", error.Message);
        }
}
}
