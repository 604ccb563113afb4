using System;
using System.Text;

namespace MeetingMigration.Sandbox;

/// <summary>
/// An event body: the exact UTF-8 bytes received (never re-serialized), shared by reference between an organizer's item,
/// its attendees' copies and the occurrences synthesized from it. Immutable: a change stores a new body.
/// </summary>
internal sealed class EventBody
{
    public static readonly EventBody Empty = new("html", Array.Empty<byte>());

    private string? _preview;

    public EventBody(string contentType, byte[] utf8Content)
    {
        ContentType = contentType;
        Utf8Content = utf8Content;
    }

    /// <summary>"html" or "text".</summary>
    public string ContentType { get; }

    public byte[] Utf8Content { get; }

    /// <summary>
    /// bodyPreview, computed on first read and kept: the regex-based HTML-to-text pass costs more than the rest of a full-event
    /// GET, and bodies never change (so the cache is never stale). Racing readers compute the same string; either one wins.
    /// </summary>
    public string Preview => _preview ??= HtmlText.Preview(this);

    private byte[]? _asHtml;

    /// <summary>
    /// A text body as a read without a body-type preference gives it: Exchange's HTML conversion (<see cref="HtmlText.ToHtml"/>),
    /// made on first read and kept, as the preview is (every read of a plain-text meeting asks for it).
    /// </summary>
    public byte[] Utf8AsHtml => ContentType == "html" ? Utf8Content
        : _asHtml ??= Encoding.UTF8.GetBytes(HtmlText.ToHtml(Encoding.UTF8.GetString(Utf8Content)));

    public static EventBody FromString(string contentType, string content) => new(contentType, Encoding.UTF8.GetBytes(content));
}
