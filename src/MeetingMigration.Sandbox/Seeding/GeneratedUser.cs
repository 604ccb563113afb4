using System;

namespace MeetingMigration.Sandbox.Seeding;

/// <summary>A generated user: the tenant-file entry plus what the generator needs to build their meetings.</summary>
public sealed record GeneratedUser(
    int Index,
    SeedUser Entry,
    InvitationLanguage Language,
    string Alias,
    /// <summary>The conference ID printed in this user's existing blocks: from before the change that triggers migration, so a migrated block is distinguishable.</summary>
    string PreviousConferenceId)
{
    public string UserPrincipalName => Entry.UserPrincipalName;
    public string DisplayName => Entry.DisplayName ?? Entry.UserPrincipalName;
    public Guid ObjectId => Entry.Id ?? Guid.Empty;
    public bool IsOnPremises => Entry.MailboxLocation == SeedUser.OnPremises;
}
