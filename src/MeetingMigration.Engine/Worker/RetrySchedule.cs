using System;

namespace MeetingMigration.Engine.Worker
{
    /// <summary>
    /// When a failed request is tried again: retries double in spacing and together span the retry window, as MMS spreads
    /// 9 retries over 24 hours (the first after about 3 minutes, the last about 12 hours after the one before).
    /// </summary>
    public static class RetrySchedule
    {
        public static TimeSpan DelayBefore(int retryNumber, int retryLimit, TimeSpan window)
        {
            if (retryLimit <= 0) return TimeSpan.Zero;
            var units = Math.Pow(2, retryLimit) - 1;
            var share = Math.Pow(2, Math.Max(0, retryNumber - 1)) / units;
            return TimeSpan.FromTicks((long)(window.Ticks * share));
        }
    }
}
