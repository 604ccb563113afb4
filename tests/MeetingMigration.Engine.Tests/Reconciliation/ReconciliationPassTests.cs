using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Reconciliation;
using Xunit;

namespace MeetingMigration.Engine.Tests.Reconciliation
{
    /// <summary>
    /// A pass's counts, as the service logs them. Outside probe AJ: users left to a request of theirs were counted as checked,
    /// so a pass that read no calendar said "2 of 2 users checked, 0 with stale meetings" while every meeting was stale.
    /// </summary>
    public sealed class ReconciliationPassTests
    {
        [Fact]
        public void Only_users_whose_calendar_was_compared_count_as_checked()
        {
            var pass = new ReconciliationPass();
            foreach (var (upn, outcome) in new[]
            {
                ("a@contoso.com", UserCheckOutcome.UpToDate), ("b@contoso.com", UserCheckOutcome.Stale), ("c@contoso.com", UserCheckOutcome.PartlyChecked),
                ("d@contoso.com", UserCheckOutcome.AlreadyQueued), ("e@contoso.com", UserCheckOutcome.AlreadyQueued), ("f@contoso.com", UserCheckOutcome.NotChecked),
            })
                pass.Users.Add(new UserReconciliation(UserIdentity.Parse(upn)) { Outcome = outcome });

            Assert.Equal((3, 2, 1), (pass.UsersChecked, pass.UsersLeftToTheirRequest, pass.UsersNotChecked));
        }
    }
}
