using System;
using System.Globalization;
using System.Linq;
using MeetingMigration.Engine.Graph;
using Xunit;

namespace MeetingMigration.Engine.Tests.Graph
{
    public class RetryAfterTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero);

        [Theory]
        [InlineData("0", 0)]
        [InlineData("7", 7000)]
        [InlineData(" 120 ", 120000)]
        [InlineData("2.128", 2128)]
        [InlineData("0.5", 500)]
        [InlineData("-3", 0)]
        public void Seconds_are_read_whole_or_fractional(string header, double expectedMilliseconds)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), RetryAfter.Parse(header, Now));
        }

        [Fact]
        public void Fractional_seconds_do_not_depend_on_the_current_culture()
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                Assert.Equal(TimeSpan.FromMilliseconds(2128), RetryAfter.Parse("2.128", Now));
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        [Fact]
        public void An_http_date_gives_the_time_until_then()
        {
            var header = Now.AddSeconds(90).ToString("r", CultureInfo.InvariantCulture); // "Mon, 04 Mar 2030 09:01:30 GMT"

            Assert.Equal(TimeSpan.FromSeconds(90), RetryAfter.Parse(header, Now));
        }

        [Theory]
        [InlineData("Mon, 04 Mar 2030 09:02:00 GMT")]
        [InlineData("Monday, 04-Mar-30 09:02:00 GMT")]
        [InlineData("Mon Mar  4 09:02:00 2030")]
        public void Every_http_date_form_is_read(string header)
        {
            Assert.Equal(TimeSpan.FromMinutes(2), RetryAfter.Parse(header, Now));
        }

        [Fact]
        public void A_date_in_the_past_means_no_wait()
        {
            var header = Now.AddMinutes(-5).ToString("r", CultureInfo.InvariantCulture);

            Assert.Equal(TimeSpan.Zero, RetryAfter.Parse(header, Now));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("soon")]
        [InlineData("12 seconds")]
        [InlineData("NaN")]
        [InlineData("1,5")]
        [InlineData("3/4")]
        [InlineData("10:30")]
        [InlineData("0x10")]
        public void Garbage_gives_no_hint(string? header)
        {
            Assert.Null(RetryAfter.Parse(header, Now));
        }

        [Theory]
        [InlineData("86400")]
        [InlineData("1e300")]
        [InlineData("Infinity")]
        public void Long_waits_are_capped_at_an_hour(string header)
        {
            Assert.Equal(TimeSpan.FromHours(1), RetryAfter.Parse(header, Now));
        }

        [Fact]
        public void A_far_http_date_is_capped_at_an_hour()
        {
            Assert.Equal(TimeSpan.FromHours(1), RetryAfter.Parse(Now.AddDays(2).ToString("r", CultureInfo.InvariantCulture), Now));
        }
    }

    public class BackoffTests
    {
        private static readonly Backoff Policy = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), 10);

        [Fact]
        public void Retry_after_wins_over_the_computed_delay()
        {
            Assert.Equal(TimeSpan.FromMilliseconds(1), Policy.Delay(8, TimeSpan.FromMilliseconds(1)));
            Assert.Equal(TimeSpan.FromSeconds(3), Policy.Delay(1, TimeSpan.FromSeconds(3)));
            Assert.Equal(TimeSpan.Zero, Policy.Delay(1, TimeSpan.Zero));
        }

        [Fact]
        public void Retry_after_is_never_shortened_to_the_maximum()
        {
            // Maximum bounds our own guesses; sending before the server's time only earns another 429.
            Assert.Equal(TimeSpan.FromMinutes(10), Policy.Delay(1, TimeSpan.FromMinutes(10)));
            Assert.Equal(TimeSpan.FromSeconds(120), Backoff.Default.Delay(1, TimeSpan.FromSeconds(120)));
        }

        [Theory]
        [InlineData(1, 100)]
        [InlineData(2, 200)]
        [InlineData(3, 400)]
        [InlineData(5, 1600)]
        [InlineData(6, 3200)]
        [InlineData(7, 5000)]
        [InlineData(30, 5000)]
        [InlineData(100000, 5000)]
        public void Jitter_stays_between_half_the_ceiling_and_the_ceiling(int attempt, double ceilingMilliseconds)
        {
            var delays = Enumerable.Range(0, 2000).Select(_ => Policy.Delay(attempt, null).TotalMilliseconds).ToList();

            Assert.All(delays, d => Assert.InRange(d, ceilingMilliseconds / 2, ceilingMilliseconds));
            Assert.True(delays.Distinct().Count() > 1, "the delay is jittered");
        }

        [Fact]
        public void Delays_grow_with_the_attempt_until_the_maximum()
        {
            // Attempt n+2 waits at least half of four times the ceiling of attempt n: always longer, whatever the jitter.
            for (var attempt = 1; attempt <= 4; attempt++)
                Assert.True(Policy.Delay(attempt + 2, null) > Policy.Delay(attempt, null), $"attempt {attempt + 2} waits longer than {attempt}");
            Assert.True(Policy.Delay(50, null) <= Policy.Maximum);
        }
    }
}
