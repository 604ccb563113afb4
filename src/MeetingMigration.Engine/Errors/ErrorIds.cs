namespace MeetingMigration.Engine.Errors
{
    /// <summary>The stable ErrorIds of MeetingMigration. Scripts match on these; never rename one.</summary>
    public static class ErrorIds
    {
        public const string InvalidIdentity = "InvalidIdentity";
        public const string InvalidTimeRange = "InvalidTimeRange";
        public const string InvalidSettingValue = "InvalidSettingValue";
        public const string InvalidConfigurationIdentity = "InvalidConfigurationIdentity";
        public const string InvalidStorePath = "InvalidStorePath";
        public const string StoreUnavailable = "StoreUnavailable";
        public const string StoreSchemaTooNew = "StoreSchemaTooNew";
        public const string UserNotFound = "UserNotFound";
        public const string NotConnected = "NotConnected";
        public const string InvalidConnectionParameters = "InvalidConnectionParameters";
        public const string AuthenticationFailed = "AuthenticationFailed";
        public const string MigrationDisabled = "MigrationDisabled";
        public const string MigrationFailed = "MigrationFailed";
        public const string Cancelled = "OperationCancelled";
        public const string UnexpectedError = "UnexpectedError";
    }
}
