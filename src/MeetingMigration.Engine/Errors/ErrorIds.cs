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
        /// <summary>The store's file was deleted or replaced while this process had it open: reconnect, or restart the service.</summary>
        public const string StoreReplaced = "StoreReplaced";
        public const string StoreSchemaTooNew = "StoreSchemaTooNew";
        /// <summary>This session's Connect-MeetingMigration failed and no store was open: nothing falls back to the default store.</summary>
        public const string StoreNotConnected = "StoreNotConnected";
        public const string UserNotFound = "UserNotFound";
        public const string NotConnected = "NotConnected";
        public const string InvalidConnectionParameters = "InvalidConnectionParameters";
        public const string AuthenticationFailed = "AuthenticationFailed";
        // Microsoft Graph (or the sandbox) at the connected endpoint refused the connection or its name did not resolve:
        // reported at once, not retried like a busy server.
        public const string GraphUnreachable = "GraphUnreachable";
        /// <summary>Graph kept answering "busy" (429, 5xx, no answer) through every retry the call was allowed.</summary>
        public const string GraphUnavailable = "GraphUnavailable";
        /// <summary>Graph answered a call with an error that retrying does not change (403, 404, 400...).</summary>
        public const string GraphRequestFailed = "GraphRequestFailed";
        /// <summary>A cmdlet's second question (after -Confirm's) cannot be asked in this session (pwsh -NonInteractive): -Force answers it.</summary>
        public const string ConfirmationRequired = "ConfirmationRequired";
        public const string MigrationDisabled = "MigrationDisabled";
        public const string MigrationFailed = "MigrationFailed";
        public const string Cancelled = "OperationCancelled";
        public const string UnexpectedError = "UnexpectedError";
        public const string InvalidInstance = "InvalidInstance";
        public const string InvalidPhoneNumber = "InvalidPhoneNumber";
        public const string InvalidConferenceId = "InvalidConferenceId";
        public const string ConferenceIdInUse = "ConferenceIdInUse";
        public const string BridgeNotFound = "BridgeNotFound";
        public const string BridgeExists = "BridgeExists";
        public const string ServiceNumberNotOnBridge = "ServiceNumberNotOnBridge";
        public const string ServiceNumberInUse = "ServiceNumberInUse";
        public const string DefaultServiceNumberInUse = "DefaultServiceNumberInUse";
        public const string ConferencingUserNotFound = "ConferencingUserNotFound";
        public const string ThirdPartyProvider = "ThirdPartyProvider";
        public const string ConflictingParameters = "ConflictingParameters";
        /// <summary>Start -Wait: a user given again in the same command with another selection of the same meetings, while its first request runs.</summary>
        public const string ConflictingSelection = "ConflictingSelection";
        public const string InvalidImportFile = "InvalidImportFile";
        // Import-CsOnlineDialInConferencingUser: a row that cannot be read as a user (an unreadable value, a field count
        // unlike the header's, a user named twice); rows broken by a conferencing rule keep that rule's ErrorId.
        public const string InvalidImportRow = "InvalidImportRow";
        // Queue management and undo (issue 11): no request has that CorrelationId; a request that is running or finished
        // cannot be taken out of the queue; an undo cannot be queued for a request that has not finished.
        public const string RequestNotFound = "RequestNotFound";
        public const string RequestNotCancellable = "RequestNotCancellable";
        public const string UndoNotPossible = "UndoNotPossible";
        // An undo that would restore no meeting: the request updated none, or every meeting the user's migrations wrote has
        // been restored already. Nothing is queued (it queued an undo that did nothing and reported Succeeded).
        public const string NothingToUndo = "NothingToUndo";
        // Server stores (issue 12): a tenant name the store cannot key rows by; a store connection string that is not one
        // (or names an unknown provider); a worker that lost its lease to another (its write was refused).
        public const string InvalidTenantId = "InvalidTenantId";
        /// <summary>The tenant-wide settings cmdlets: a -Tenant that is not the session's tenant (Connect-MeetingMigration chooses it).</summary>
        public const string TenantMismatch = "TenantMismatch";
        public const string InvalidStoreConnectionString = "InvalidStoreConnectionString";
        public const string LeaseLost = "LeaseLost";
        /// <summary>Copy-MeetingMigrationStore: the destination already holds data.</summary>
        public const string StoreNotEmpty = "StoreNotEmpty";
    }
}
