using System;
using System.Runtime.ExceptionServices;

namespace MeetingMigration.Sandbox;

/// <summary>
/// The event body of a POST or PATCH, read before the state lock is taken (<see cref="Parse"/>): reading a 10 KB
/// invitation would otherwise hold every other mailbox's requests up. A malformed body throws only where the handler asks
/// for <see cref="Changes"/>, so errors keep their order (an unknown mailbox still answers 404 before a bad body's 400).
/// </summary>
internal sealed class ParsedChanges(GraphRequest request)
{
    private EventChanges? _changes;
    private ExceptionDispatchInfo? _error;

    public void Parse()
    {
        try { _changes = EventJsonReader.Read(request.Body, includeReadOnly: false); }
        catch (Exception e) { _error = ExceptionDispatchInfo.Capture(e); }
    }

    public EventChanges Changes
    {
        get
        {
            _error?.Throw();
            return _changes ??= EventJsonReader.Read(request.Body, includeReadOnly: false);
        }
    }
}
