namespace MeetingMigration.Engine.Blocks
{
    /// <summary>
    /// A Teams block's "Join on a video conferencing device" section (Cloud Video Interop): the CVI provider's tenant key,
    /// the meeting's video ID and the provider's instructions page. They belong to the Teams meeting, so a refresh that
    /// keeps the meeting's join link keeps them too; Graph does not give them back for a meeting.
    /// </summary>
    public sealed class VideoConferencingDetails
    {
        public VideoConferencingDetails(string tenantKey, string videoId, string? instructionsUrl)
        {
            TenantKey = tenantKey;
            VideoId = videoId;
            InstructionsUrl = instructionsUrl;
        }

        /// <summary>The address a room system dials, e.g. <c>contoso@m.webex.com</c>.</summary>
        public string TenantKey { get; }

        /// <summary>The meeting's video ID, digits only.</summary>
        public string VideoId { get; }

        /// <summary>The provider's page for other ways to join ("More info", "Alternate VTC instructions"), if shown.</summary>
        public string? InstructionsUrl { get; }

        public override string ToString() => $"TenantKey={TenantKey}; VideoId={VideoId}; Instructions={InstructionsUrl}";
    }
}
