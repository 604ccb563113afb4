using MeetingMigration.Engine.Triggers;

namespace MeetingMigration.Service.Tests;

/// <summary>Hands out scripted delta answers, recording which link each read was given.</summary>
public sealed class FakeDeltaReader : IDirectoryDeltaReader
{
    private readonly Queue<DirectoryDelta> _answers = new();
    private int _links;

    public List<string?> LinksRead { get; } = new();

    public FakeDeltaReader Then(bool fullSync, params DirectoryUserChange[] users)
    {
        _answers.Enqueue(new DirectoryDelta(users, $"https://graph.test/v1.0/users/delta?$deltatoken={++_links}", fullSync));
        return this;
    }

    public Task<DirectoryDelta> ReadAsync(string? deltaLink, CancellationToken cancellationToken)
    {
        LinksRead.Add(deltaLink);
        return Task.FromResult(_answers.Dequeue());
    }

    public static DirectoryUserChange User(Guid id, bool? licensed, bool removed = false) =>
        new(id, $"u{id.ToString("N")[..6]}@contoso.test", removed, licensed);
}
