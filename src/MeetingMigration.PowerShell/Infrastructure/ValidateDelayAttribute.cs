using System;
using System.Management.Automation;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// A pause between two pieces of work: from zero to a day. A negative value cannot be waited, and a longer one is more
    /// likely a typo (days for seconds) than a wish; the binder refuses both before anything runs.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ValidateDelayAttribute : ValidateArgumentsAttribute
    {
        public static readonly TimeSpan Longest = TimeSpan.FromDays(1);

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            if (arguments is TimeSpan delay && (delay < TimeSpan.Zero || delay > Longest))
                throw new ValidationMetadataException($"The delay {delay} is outside the range 00:00:00 to {Longest:c}. Give a TimeSpan such as '00:00:02' or (New-TimeSpan -Seconds 2).");
        }
    }
}
