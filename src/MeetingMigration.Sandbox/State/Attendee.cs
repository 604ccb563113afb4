using System;

namespace MeetingMigration.Sandbox;

/// <summary>
/// An attendee, stored inline in the event's attendee array (a struct: no object per attendee). Type and response are
/// kept as small codes and the response time as UTC ticks: 100,000 meetings hold over a million attendees.
/// </summary>
internal readonly struct Attendee
{
    private static readonly string[] Types = { "required", "optional", "resource" };
    private static readonly string[] Responses = { "none", "organizer", "tentativelyAccepted", "accepted", "declined", "notResponded" };

    private readonly long _responseTicks; // 0: no response time
    private readonly byte _type;
    private readonly byte _response;

    public Attendee(string type, Recipient emailAddress, string response, DateTimeOffset? responseTime)
    {
        _type = Code(Types, type);
        EmailAddress = emailAddress;
        _response = Code(Responses, response);
        _responseTicks = responseTime?.UtcTicks ?? 0;
    }

    public Recipient EmailAddress { get; }
    public string Type => Types[_type];
    public string Response => Responses[_response];
    public DateTimeOffset? ResponseTime => _responseTicks == 0 ? null : new DateTimeOffset(_responseTicks, TimeSpan.Zero);

    /// <summary>Same attendee with another address object (the interned one).</summary>
    public Attendee WithEmailAddress(Recipient emailAddress) => new(Type, emailAddress, Response, ResponseTime);

    private static byte Code(string[] names, string value)
    {
        var i = Array.IndexOf(names, value);
        return i >= 0 ? (byte)i : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown attendee type or response.");
    }
}
