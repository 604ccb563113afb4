namespace MeetingMigration.Sandbox.Seeding;

/// <summary>
/// What a correct engine does with a generated event, assuming SourceMeetingType All (Skype and
/// Teams meetings both migrate). With SourceMeetingType SfB, Teams meetings would be left alone:
/// use <see cref="EventExpectation.Kind"/> to tell them apart.
/// </summary>
public enum ExpectedOutcome
{
    Migrate,
    SkipPast,
    SkipNotOrganizer,
    SkipPasted,
    SkipCancelled,
    SkipTooManyAttendees,
    SkipNotOnlineMeeting,
    /// <summary>The organizer's mailbox is in Exchange on-premises; checked before anything about the event.</summary>
    SkipOnPremisesMailbox,
    /// <summary>The block cannot be delimited unambiguously, so the engine must not PATCH.</summary>
    FailAmbiguous,
}
