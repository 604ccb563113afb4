namespace MeetingMigration.Sandbox.Seeding;

/// <summary>What kind of conferencing an event carries, judged by its properties, not its body.</summary>
public enum MeetingKind
{
    SkypeForBusiness,
    Teams,
    /// <summary>A block copied into the body by hand: isOnlineMeeting false, provider unknown.</summary>
    PastedBlock,
    /// <summary>No online meeting and no block.</summary>
    NoOnlineMeeting,
}
