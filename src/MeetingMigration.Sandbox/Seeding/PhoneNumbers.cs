using System.Globalization;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>Fictional dial-in numbers in a language's region (the 555 ranges).</summary>
internal static class PhoneNumbers
{
    public static PhoneNumber Toll(DeterministicRandom rng, DialInRegion region)
    {
        string last = rng.Next(100).ToString("D2", CultureInfo.InvariantCulture);
        string display = $"{region.CountryCode} {region.NumberPrefix}{last}";
        return new PhoneNumber(ToE164(display), display);
    }

    public static PhoneNumber TollFree(DeterministicRandom rng, DialInRegion region)
    {
        string display = $"{region.CountryCode} 800 555 {rng.Next(10000):D4}";
        return new PhoneNumber(ToE164(display), display);
    }

    private static string ToE164(string display) => display.Replace(" ", "");
}
