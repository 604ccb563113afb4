using Xunit;

namespace MeetingMigration.Service.Tests;

public sealed class StoreClockNoticeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4.9)]
    [InlineData(-4.9)]
    public void Clocks_within_network_times_tolerance_say_nothing(double seconds) =>
        Assert.Null(StoreClockNotice.For(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(600, "600 s ahead of this machine's")]
    [InlineData(-5, "5 s behind this machine's")]
    [InlineData(-7200, "7,200 s behind this machine's")]
    public void A_store_clock_off_by_more_is_said_with_how_far_and_which_way(double seconds, string expected)
    {
        var notice = StoreClockNotice.For(TimeSpan.FromSeconds(seconds));
        Assert.NotNull(notice);
        Assert.Contains(expected, notice);
        Assert.Contains("NTP", notice);
    }
}
