using System;
using System.Linq;
using MeetingMigration.Engine.Errors;
using Xunit;

namespace MeetingMigration.Engine.Tests.Errors
{
    public sealed class QuotedValueTests
    {
        [Theory]
        [InlineData("ashaw@contoso.com", "'ashaw@contoso.com'")]
        [InlineData("", "''")]
        [InlineData("C:\\Users\\ashaw\\store.db", "'C:\\Users\\ashaw\\store.db'")]
        [InlineData("ünïcode 前 😀", "'ünïcode 前 😀'")]
        [InlineData("call \u260E\uFE0F or 1\uFE0F\u20E3 \U0001F44D\uFE0F", "'call \u260E\uFE0F or 1\uFE0F\u20E3 \U0001F44D\uFE0F'")] // a variation selector that belongs to an emoji or keycap
        [InlineData("Dev \U0001F468\u200D\U0001F4BB \U0001F3F3\uFE0F\u200D\U0001F308", "'Dev \U0001F468\u200D\U0001F4BB \U0001F3F3\uFE0F\u200D\U0001F308'")] // ZWJ sequences (outside probe AO)
        public void A_short_printable_value_is_quoted_as_it_is(string value, string expected)
        {
            Assert.Equal(expected, QuotedValue.Of(value));
        }

        [Fact]
        public void Null_is_shown_as_null() => Assert.Equal("$null", QuotedValue.Of(null));

        [Theory]
        [InlineData("a\0b", "'a\\0b'")]
        [InlineData("a\r\nb", "'a\\r\\nb'")]
        [InlineData("a\tb", "'a\\tb'")]
        [InlineData("a\u0007b", "'a\\u0007b'")]
        [InlineData("a\u007Fb\u0085", "'a\\u007Fb\\u0085'")]
        [InlineData("invoice\u202Etxt.exe", "'invoice\\u202Etxt.exe'")]   // right-to-left override
        [InlineData("\u2066x\u2069\u200E\u200F\u061C", "'\\u2066x\\u2069\\u200E\\u200F\\u061C'")] // isolates and marks
        [InlineData("ad\u200Bmin\uFEFF", "'ad\\u200Bmin\\uFEFF'")]       // zero-width space, BOM
        [InlineData("line\u2028para\u2029", "'line\\u2028para\\u2029'")]
        [InlineData("user5\uFE0F #\uFE0F", "'user5\\uFE0F #\\uFE0F'")]
        [InlineData("a\u200Db \U0001F468\u200D x\u200D\U0001F4BB", "'a\\u200Db \U0001F468\\u200D x\\u200D\U0001F4BB'")] // a ZWJ that joins no two emoji // a keycap's selector without the keycap hides (outside probe AO)
        [InlineData("a\u034Fb\uFE0Fc\u3164d\u115Fe\uFFA0", "'a\\u034Fb\\uFE0Fc\\u3164d\\u115Fe\\uFFA0'")] // default-ignorable: grapheme joiner, variation selector, Hangul fillers (outside probe AN)
        public void Control_bidi_and_invisible_characters_are_escaped(string value, string expected)
        {
            Assert.Equal(expected, QuotedValue.Of(value));
        }

        [Fact]
        public void A_lone_surrogate_is_escaped_and_a_pair_is_kept()
        {
            // Built at run time: a lone surrogate does not survive an attribute's metadata.
            var lone = "lone" + (char)0xD800 + "x" + (char)0xDC00;

            Assert.Equal("'lone\\uD800x\\uDC00'", QuotedValue.Of(lone));
            Assert.Equal(4, QuotedValue.IndexOfEscaped(lone));
            Assert.Equal(-1, QuotedValue.IndexOfEscaped("pair 😀"));
        }

        /// <summary>Outside probe M's link held a tag character (U+E0041): quoted as nothing between two visible letters.</summary>
        [Fact]
        public void An_invisible_character_beyond_the_first_plane_is_escaped_and_an_emoji_kept()
        {
            var value = "x" + char.ConvertFromUtf32(0xE0041) + "y" + char.ConvertFromUtf32(0xE0100) + "z" + char.ConvertFromUtf32(0x1F600);

            Assert.Equal("'x\\U000E0041y\\U000E0100z" + char.ConvertFromUtf32(0x1F600) + "'", QuotedValue.Of(value));
            Assert.Equal(1, QuotedValue.IndexOfEscaped(value));
        }

        [Fact]
        public void A_long_value_is_cut_with_an_ellipsis_and_its_length()
        {
            var value = new string('a', 100000);

            var quoted = QuotedValue.Of(value);

            Assert.Equal("'" + new string('a', QuotedValue.MaxShown) + "…' (100000 characters)", quoted);
        }

        [Fact]
        public void A_value_of_control_characters_stays_short_once_escaped()
        {
            var quoted = QuotedValue.Of(new string('\0', 100000));

            Assert.True(quoted.Length <= QuotedValue.MaxShown + 30, $"{quoted.Length} characters");
            Assert.DoesNotContain('\0', quoted);
            Assert.EndsWith("…' (100000 characters)", quoted);
        }

        [Fact]
        public void A_surrogate_pair_is_never_split_by_the_cut()
        {
            var value = new string('a', QuotedValue.MaxShown - 1) + "😀tail";

            var quoted = QuotedValue.Of(value);

            Assert.DoesNotContain(quoted, c => char.IsSurrogate(c));
            Assert.StartsWith("'" + new string('a', QuotedValue.MaxShown - 1) + "…'", quoted);
        }

        [Fact]
        public void Foreign_text_is_escaped_and_bounded_without_quotes()
        {
            var text = "Could not find '" + new string('x', 1000) + "\r\nInjected: yes'";

            var inert = QuotedValue.Inert(text, 100);

            Assert.Equal(101, inert.Length);
            Assert.EndsWith("…", inert);
            Assert.DoesNotContain(inert, QuotedValue.NeedsEscape);
            Assert.Equal("a\\r\\nb", QuotedValue.Inert("a\r\nb"));
        }

        [Fact]
        public void Numbers_and_other_values_are_shown_invariantly()
        {
            Assert.Equal("'1.5'", QuotedValue.Of(1.5));
            Assert.Equal("'1.00:00:00'", QuotedValue.Of(TimeSpan.FromDays(1)));
        }
    }
}
