namespace MeetingMigration.Engine.Migration
{
    /// <summary>
    /// The format Exchange stores an event's body in, as its native-body property says (<see cref="Graph.NativeBodyProperty"/>).
    /// Graph hands every body out as HTML unless asked for text, so this, not the body's content type, tells whether the HTML
    /// read is the organizer's or Exchange's conversion of their text.
    /// </summary>
    public enum StoredBodyFormat
    {
        /// <summary>Graph's answer did not say (a server that does not give the property, or an answer without it).</summary>
        Unknown,
        Text,
        /// <summary>Rich text (Outlook's RTF): Graph converts it to HTML, and a write in HTML is how it is changed.</summary>
        Rtf,
        Html,
    }
}
