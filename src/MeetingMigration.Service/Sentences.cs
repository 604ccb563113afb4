namespace MeetingMigration.Service;

/// <summary>Text the service writes for an admin, put together from parts that may or may not end as sentences.</summary>
internal static class Sentences
{
    /// <summary>The text ended with a stop, so what follows it reads as a sentence of its own (a quoted error may end without one).</summary>
    public static string Ended(string text)
    {
        text = text.Trim();
        return text.Length == 0 || ".!?".IndexOf(text[text.Length - 1]) >= 0 ? text : text + ".";
    }
}
