using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Reconciliation
{
    /// <summary>Reported as a pass starts on a user: which one, and how far the pass has come.</summary>
    public sealed class ReconciliationProgress
    {
        public ReconciliationProgress(UserIdentity user, int usersDone, int usersInPass)
        {
            User = user;
            UsersDone = usersDone;
            UsersInPass = usersInPass;
        }

        public UserIdentity User { get; }
        public int UsersDone { get; }
        public int UsersInPass { get; }
    }
}
