using System;
using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// The fast path: writes straight into a <see cref="SandboxState"/> (SandboxServer.State) without HTTP.
/// Each event is serialized into one reused buffer and imported from there, so seeding 100,000 meetings
/// keeps only the sandbox's own copy of each alive.
/// </summary>
public sealed class InProcessSandboxSeeder : ISandboxSeeder
{
    private readonly SandboxState _state;

    public InProcessSandboxSeeder(SandboxState state) => _state = state ?? throw new ArgumentNullException(nameof(state));

    /// <summary>Called with each imported meeting and the id the sandbox gave it.</summary>
    public Action<SeededMeeting, string>? OnImported { get; init; }

    public Task<SeedingResult> SeedAsync(GeneratedTenant tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var clock = Stopwatch.StartNew();
        foreach (var user in tenant.Users) _state.AddUser(ToTenantUser(user.Entry));

        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SeedJson.Options.Encoder });
        int events = 0;
        foreach (var meeting in tenant.Meetings())
        {
            cancellationToken.ThrowIfCancellationRequested();
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            JsonSerializer.Serialize(writer, meeting.Event, SeedJson.Options);
            writer.Flush();
            string id = _state.ImportEvent(meeting.Mailbox, buffer.WrittenSpan);
            OnImported?.Invoke(meeting, id);
            events++;
        }
        return Task.FromResult(new SeedingResult(tenant.Users.Count, events, clock.Elapsed));
    }

    internal static TenantUser ToTenantUser(SeedUser u) => new()
    {
        Id = u.Id,
        UserPrincipalName = u.UserPrincipalName,
        DisplayName = u.DisplayName,
        MailboxLocation = u.MailboxLocation,
        Conferencing = u.Conferencing is null ? null : new TenantConferencing
        {
            ConferenceId = u.Conferencing.ConferenceId,
            TollNumber = u.Conferencing.TollNumber,
            TollFreeNumbers = u.Conferencing.TollFreeNumbers,
            DialInUrl = u.Conferencing.DialInUrl,
        },
    };
}
