using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using Xunit;
using static MeetingMigration.Engine.Tests.Store.StoreTestSupport;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    public sealed class PhoneNumberTests
    {
        [Theory]
        [InlineData("+14255550100", "+14255550100")]
        [InlineData("14255550100", "+14255550100")]
        [InlineData("tel:+14255550100", "+14255550100")]
        [InlineData("TEL:14255550100", "+14255550100")]
        [InlineData(" +1 (425) 555-0100 ", "+14255550100")]
        [InlineData("+44.20.7946.0018", "+442079460018")]
        [InlineData("tel:+1 800 555 0100", "+18005550100")]
        public void Typed_forms_normalize_to_E164(string typed, string expected)
        {
            Assert.Equal(expected, PhoneNumber.Normalize(typed, "Identity"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("call me")]
        [InlineData("+1 425 555 010x")]
        [InlineData("04255550100")]          // a country code never starts with 0
        [InlineData("+123456")]             // too short
        [InlineData("+1234567890123456")]   // more than 15 digits
        [InlineData("tel:")]
        [InlineData("++14255550100")]
        [InlineData("tel:+\uFF11\uFF14\uFF12\uFF15\uFF15\uFF15\uFF15\uFF10\uFF11\uFF10\uFF10")] // fullwidth digits
        [InlineData("+\u0661\u0664\u0662\u0665\u0665\u0665\u0665\u0660\u0661\u0660\u0660")]      // Arabic-Indic digits
        [InlineData("+1425555\u0966\u0967\u0966\u0966")]                                               // Devanagari digits at the end
        [InlineData("-2147483648")]          // a sign, not a separator: it was stored as +2147483648 (outside probe BD-F5)
        [InlineData("+-14255550100")]
        [InlineData("tel:-14255550100")]
        [InlineData("14255550100-")]         // separators go between digits
        [InlineData(".14255550100")]
        [InlineData("   ")]                  // blanks are not the empty string that removes a user's number
        [InlineData("\r\n")]
        public void Anything_else_is_InvalidPhoneNumber_with_the_value_and_the_parameter(string typed)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => PhoneNumber.Normalize(typed, "ToNumber"));
            Assert.Equal(ErrorIds.InvalidPhoneNumber, error.ErrorId);
            Assert.Equal(typed, error.Target);
            Assert.StartsWith("ToNumber ", error.Message);
            Assert.Contains("+14255550100", error.RecommendedAction);
        }

        [Theory]
        [InlineData("+1 800 555 0100;+1 800 555 0101", 2)]
        [InlineData("+18005550100, +18005550101, tel:+18005550102", 3)]
        public void A_list_of_numbers_where_one_is_taken_is_said_as_a_list(string typed, int listed)
        {
            // A CSV cell that Import and Set-MeetingMigrationConferencingProfile read as several was "not a phone number"
            // for the single-number parameters (outside probe AS-F3).
            var error = Assert.Throws<MeetingMigrationException>(() => PhoneNumber.Normalize(typed, "TollFreeServiceNumber"));
            Assert.Equal(ErrorIds.InvalidPhoneNumber, error.ErrorId);
            Assert.Equal(typed, error.Target);
            Assert.Equal($"TollFreeServiceNumber '{typed}' lists {listed} phone numbers; it takes one.", error.Message);
            Assert.Contains("Set-MeetingMigrationConferencingProfile -TollFreeNumber", error.RecommendedAction);
        }

        [Theory]
        [InlineData("Identity", "Give one number per call: pipe several numbers to the cmdlet, or give each a row of its own.")]
        [InlineData("ServiceNumber", "Give one number here: it names a single number (a user has one toll number, a bridge one default of each type).")]
        [InlineData("DefaultTollFreeServiceNumber", "Give one number here: it names a single number (a user has one toll number, a bridge one default of each type).")]
        public void A_list_given_where_only_one_number_can_be_is_advised_for_that_parameter(string parameter, string advice)
        {
            // Outside probe AW-F6: every parameter was advised where a user's several toll-free numbers go.
            var error = Assert.Throws<MeetingMigrationException>(() => PhoneNumber.Normalize("+14255550100;+14255550101", parameter));
            Assert.Equal($"{parameter} '+14255550100;+14255550101' lists 2 phone numbers; it takes one.", error.Message);
            Assert.Equal(advice, error.RecommendedAction);
        }

        [Fact]
        public async Task Registered_numbers_are_stored_normalized_and_found_in_any_typed_form()
        {
            using var bed = new ConferencingTestBed();
            await bed.BridgeAsync("Main", new[] { "tel:+1 (425) 555-0100" }, new[] { "1.800.555.0100" });

            var bridge = await bed.GetBridgeAsync("Main");
            Assert.Equal(new[] { "+14255550100", "+18005550100" }, new[] { bridge.ServiceNumbers[0].Number, bridge.ServiceNumbers[1].Number });
            Assert.Equal("+14255550100", bridge.DefaultServiceNumber);
            Assert.Equal("+18005550100", bridge.DefaultTollFreeServiceNumber);

            // The same number typed another way is the same number: a second registration is refused...
            await bed.RefusedAsync(ErrorIds.ServiceNumberInUse, "+1 425 555 0100",
                () => bed.Admin.RegisterServiceNumberAsync("+1 425 555 0100", ConferencingTestBed.Named("Main"), ServiceNumberType.Toll, null, null, null, None));
            // ...and a user can be given it in any form.
            await bed.UserAsync("ashaw@contoso.com", "Main", toll: "14255550100", tollFree: "tel:+18005550100");
            var user = await bed.GetUserAsync("ashaw@contoso.com");
            Assert.Equal("+14255550100", user.ServiceNumber);
            Assert.Equal(new[] { "+18005550100" }, user.TollFreeServiceNumbers);
        }

        [Fact]
        public async Task A_bad_number_is_refused_before_anything_is_written()
        {
            using var bed = new ConferencingTestBed();
            await bed.BridgeAsync("Main", new[] { "+14255550100" });

            await bed.RefusedAsync(ErrorIds.InvalidPhoneNumber, "555-CALL",
                () => bed.Admin.RegisterServiceNumberAsync("555-CALL", ConferencingTestBed.Named("Main"), ServiceNumberType.Toll, null, null, null, None));
            await bed.RefusedAsync(ErrorIds.InvalidPhoneNumber, "nope",
                () => bed.Admin.UnregisterServiceNumberAsync("nope", null, false, None));
            await bed.RefusedAsync(ErrorIds.InvalidPhoneNumber, "x1",
                () => bed.Admin.ReplaceUserDefaultNumberAsync("+14255550100", "x1", ServiceNumberType.Toll, ConferencingTestBed.Named("Main"), true, None));
            await bed.RefusedAsync(ErrorIds.InvalidPhoneNumber, "0",
                () => bed.Admin.SetBridgeAsync(ConferencingTestBed.Named("Main"), null, "0", null, false, None));
        }

        [Theory]
        [InlineData("\u0661\u0662\u0663\u0664\u0665\u0666\u0667")] // Arabic-Indic
        [InlineData("\uFF14\uFF17\uFF11\uFF15\uFF18\uFF13\uFF12")] // fullwidth
        [InlineData("47158\u09E9\u09E8")]                              // Bengali digits at the end
        public void A_conference_id_of_digits_other_than_ASCII_is_InvalidConferenceId(string conferenceId)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => ConferencingAdmin.CheckUpdate(new DialInUserUpdate { ConferenceId = conferenceId }));

            Assert.Equal(ErrorIds.InvalidConferenceId, error.ErrorId);
            Assert.Equal(conferenceId, error.Target);
        }
    }
}
