namespace MeetingMigration.Engine.Blocks
{
    /// <summary>The content type of an event body as Graph returns it (<c>body.contentType</c>).</summary>
    public enum BodyFormat
    {
        Html,
        Text,
    }
}
