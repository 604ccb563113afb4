namespace MeetingMigration.Sandbox.Seeding;

/// <summary>The invitation-block layouts of invitation-blocks.md §1 and §2.</summary>
public enum BlockLayout
{
    None,
    Skype,
    /// <summary>About 2018–21: fences outside the me-email-text div.</summary>
    TeamsLayout1,
    /// <summary>About 2021–23: layout 1 plus meeting ID, passcode, download / web links.</summary>
    TeamsLayout2,
    /// <summary>About 2023–24: fences inside the outer me-email-text div.</summary>
    TeamsLayout3,
    /// <summary>2025 on: short /meet/ link, the classic URL behind "System reference".</summary>
    TeamsLayout4,
}
