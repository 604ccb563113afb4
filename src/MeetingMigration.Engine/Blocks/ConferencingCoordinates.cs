using System;
using System.Collections.Generic;

namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// The values an online-meeting block shows. Used both as the scanner's reading of an existing block and as the
    /// input the renderer writes into a new one. Identifiers are kept as digits only (spaces and the trailing '#'
    /// removed) so that they compare with what Graph reports; phone numbers are kept as displayed (e.g. "+1 555-555-0100").
    /// </summary>
    public sealed class ConferencingCoordinates
    {
        /// <summary>The join link. For Teams the classic <c>/l/meetup-join/</c> URL (which equals <c>onlineMeeting.joinUrl</c>)
        /// is preferred over the short <c>/meet/</c> link when a block carries both. Safe Links wrappers are removed.</summary>
        public string? JoinUrl { get; set; }

        /// <summary>The phone conference ID (Teams "Phone conference ID", Skype "Conference ID"), digits only.</summary>
        public string? ConferenceId { get; set; }

        /// <summary>The first toll dial-in number.</summary>
        public string? TollNumber { get; set; }

        /// <summary>Toll-free dial-in numbers, in block order.</summary>
        public IReadOnlyList<string> TollFreeNumbers { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Every distinct dial-in number a block shows, toll and toll-free, in block order, as displayed: the reader's (a block
        /// may list more toll numbers than <see cref="TollNumber"/> keeps); empty for coordinates not read from a block.
        /// </summary>
        public IReadOnlyList<string> ShownNumbers { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Every conference ID a block shows: those its dial strings carry and its labelled line's (the reader keeps one in
        /// <see cref="ConferenceId"/>); digits only; empty for coordinates not read from a block.
        /// </summary>
        public IReadOnlyList<string> ShownConferenceIds { get; set; } = Array.Empty<string>();

        /// <summary>Every "Find a local number" page a block links to (the reader keeps one in <see cref="DialInUrl"/>).</summary>
        public IReadOnlyList<string> ShownDialInPages { get; set; } = Array.Empty<string>();

        /// <summary>The "Find a local number" page.</summary>
        public string? DialInUrl { get; set; }

        /// <summary>The Teams meeting ID (layouts 2-4), digits only.</summary>
        public string? MeetingId { get; set; }

        /// <summary>The Teams meeting passcode (layouts 2-4).</summary>
        public string? Passcode { get; set; }

        /// <summary>The Teams meeting's "Meeting options" page (Teams blocks; carried into a refreshed block of the same meeting).</summary>
        public string? MeetingOptionsUrl { get; set; }

        /// <summary>The organizer's "Reset dial-in PIN" page (Teams blocks; carried like <see cref="MeetingOptionsUrl"/>).</summary>
        public string? ResetPinUrl { get; set; }

        /// <summary>The Teams block's video-conferencing (CVI) section, when it shows a tenant key and a video ID.</summary>
        public VideoConferencingDetails? VideoConferencing { get; set; }

        /// <summary>Optional organizer display name; the scanner does not read it (blocks do not show it reliably).</summary>
        public string? OrganizerName { get; set; }

        public override string ToString() =>
            $"JoinUrl={JoinUrl}; ConferenceId={ConferenceId}; Toll={TollNumber}; TollFree=[{string.Join(", ", TollFreeNumbers)}]; " +
            $"DialInUrl={DialInUrl}; MeetingId={MeetingId}; Passcode={Passcode}" +
            (MeetingOptionsUrl != null ? $"; MeetingOptionsUrl={MeetingOptionsUrl}" : "") + (ResetPinUrl != null ? $"; ResetPinUrl={ResetPinUrl}" : "") +
            (VideoConferencing != null ? $"; Video=[{VideoConferencing}]" : "");
    }
}
