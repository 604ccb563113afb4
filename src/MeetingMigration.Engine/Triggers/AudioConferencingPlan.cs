using System;
using System.Collections.Generic;
using Microsoft.Graph.Models;

namespace MeetingMigration.Engine.Triggers
{
    /// <summary>How a user's Audio Conferencing entitlement is read from Entra's assignedPlans.</summary>
    public static class AudioConferencingPlan
    {
        /// <summary>The MCOMEETADV service plan: in the stand-alone Audio Conferencing SKU and in suites such as E5.</summary>
        public static readonly Guid ServicePlanId = new Guid("3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40");

        /// <summary>
        /// The plan, not the SKU, is tested because suites carry it too; and only an Enabled row counts, because Entra keeps a
        /// removed plan listed as Deleted (or Suspended) instead of dropping it.
        /// </summary>
        public static bool IsEnabled(IEnumerable<AssignedPlan> plans)
        {
            foreach (var plan in plans)
            {
                if (plan.ServicePlanId == ServicePlanId && string.Equals(plan.CapabilityStatus, "Enabled", StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }
    }
}
