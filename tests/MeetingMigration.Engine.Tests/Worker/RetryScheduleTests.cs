using System;
using System.Linq;
using MeetingMigration.Engine.Worker;
using Xunit;

namespace MeetingMigration.Engine.Tests.Worker
{
    public class RetryScheduleTests
    {
        private static readonly TimeSpan Day = TimeSpan.FromHours(24);

        [Fact]
        public void Nine_retries_double_in_spacing_and_together_fill_the_24_hour_window()
        {
            var delays = Enumerable.Range(1, 9).Select(n => RetrySchedule.DelayBefore(n, 9, Day)).ToArray();

            for (var i = 1; i < delays.Length; i++)
                Assert.InRange(delays[i].Ticks - 2 * delays[i - 1].Ticks, -2, 2);
            var total = delays.Aggregate(TimeSpan.Zero, (sum, d) => sum + d);
            Assert.InRange((Day - total).Ticks, 0, 9);
            Assert.InRange(delays[0], TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(3));   // about 3 minutes
            Assert.InRange(delays[8], TimeSpan.FromHours(11.9), TimeSpan.FromHours(12.1));   // about 12 hours
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(20)]
        public void Any_limit_spreads_its_retries_over_the_window(int limit)
        {
            var window = TimeSpan.FromHours(6);
            var total = Enumerable.Range(1, limit).Select(n => RetrySchedule.DelayBefore(n, limit, window)).Aggregate(TimeSpan.Zero, (a, b) => a + b);

            Assert.InRange((window - total).Ticks, 0, limit);
        }

        [Fact]
        public void No_retries_means_no_delay()
        {
            Assert.Equal(TimeSpan.Zero, RetrySchedule.DelayBefore(1, 0, Day));
        }
    }
}
