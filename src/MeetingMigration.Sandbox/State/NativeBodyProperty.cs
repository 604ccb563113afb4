namespace MeetingMigration.Sandbox;

/// <summary>
/// PidTagNativeBody (MS-OXCMSG 2.2.1.58.2, "Integer 0x1016" as a Graph extended property id): the format an item's body is
/// stored in, 1 for plain text and 3 for HTML. Exchange keeps it from the body itself, so it is computed here on every read
/// that expands it, never stored, and an occurrence shows its master's (they share one body). A client reads it to know
/// whether the HTML Graph hands out is the body or Exchange's conversion of a text body.
/// </summary>
internal static class NativeBodyProperty
{
    public const string Id = "Integer 0x1016";

    public static readonly string Key = ExtendedPropertySet.Key(Id);

    private static readonly ExtendedProperty Text = new(Id, "1"), Html = new(Id, "3");

    public static ExtendedProperty Of(EventBody body) => body.ContentType == "text" ? Text : Html;
}
