namespace MeetingMigration.Engine.Graph
{
    /// <summary>
    /// The single-value extended property that marks an event as migrated: "correlationId|blockFingerprint". Written in the
    /// same PATCH as the new body, so reading it back tells whether a PATCH whose answer was lost took effect.
    /// </summary>
    public static class MarkerProperty
    {
        /// <summary>Always this exact id: the Name part is case-sensitive and nothing lists an item's properties.</summary>
        public const string Id = "String {7b0c5e2a-3f4d-4c8e-9a61-2d5b8f0e4c17} Name MeetingMigration";

        public static string Format(System.Guid correlationId, string blockFingerprint) => $"{correlationId:D}|{blockFingerprint}";

        public static string? Fingerprint(string? marker)
        {
            if (string.IsNullOrEmpty(marker)) return null;
            var bar = marker!.IndexOf('|');
            return bar < 0 ? null : marker.Substring(bar + 1);
        }
    }
}
