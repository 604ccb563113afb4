namespace MeetingMigration.Engine.Reconciliation
{
    /// <summary>What checking one user's meetings came to.</summary>
    public enum UserCheckOutcome
    {
        /// <summary>Every in-scope meeting was compared and shows the current coordinates.</summary>
        UpToDate,
        /// <summary>At least one meeting shows coordinates that are no longer true (others may not have been comparable).</summary>
        Stale,
        /// <summary>The calendar was read, none of the compared meetings is stale, but some could not be compared.</summary>
        PartlyChecked,
        /// <summary>Nothing could be compared: the user is not in the directory, or their calendar could not be read.</summary>
        NotChecked,
        /// <summary>
        /// Not checked because a Pending or InProgress request will rewrite the meetings anyway (only when queuing:
        /// queuing again would merely push that request's due time back).
        /// </summary>
        AlreadyQueued,
    }
}
