namespace MeetingMigration.Service;

/// <summary>
/// The service's settings, from appsettings.json or environment variables (MeetingMigration__TenantId, ...). Secrets
/// (ClientSecret, CertificatePassword, AccessToken) belong in environment variables or a secret store, never in the file.
/// </summary>
public sealed class ServiceSettings
{
    /// <summary>Empty: the same default store as the cmdlets (or MEETINGMIGRATION_STORE_PATH).</summary>
    public string StorePath { get; set; } = "";
    /// <summary>
    /// A PostgreSQL server instead of the store file, shared by several services (on several machines) and the admins'
    /// sessions: "Host=db;Database=meetingmigration;Username=mm". The password belongs in StorePassword (an environment
    /// variable, MeetingMigration__StorePassword, or MEETINGMIGRATION_STORE_PASSWORD), never in the settings file.
    /// </summary>
    public string? StoreConnectionString { get; set; }
    public string? StorePassword { get; set; }
    /// <summary>The tenant whose queue this service works in a store several tenants share; null: MEETINGMIGRATION_STORE_TENANT, else the default tenant.</summary>
    public string? StoreTenant { get; set; }
    public string GraphEndpoint { get; set; } = "https://graph.microsoft.com/v1.0";
    /// <summary>
    /// Microsoft Entra ID's host for sign-ins (a national cloud's, such as https://login.microsoftonline.us). Plain http on
    /// 127.0.0.1 is the sandbox's token endpoint, with a client secret (tests and the reliability proofs).
    /// </summary>
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com";
    public string TenantId { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
    /// <summary>For the sandbox and tests only.</summary>
    public string? AccessToken { get; set; }
    /// <summary>
    /// Requests (mailboxes) migrated at once. Exchange's limits are per mailbox (four requests in flight each), so
    /// throughput grows with this until our CPU or Graph's app-wide limits bind; 4 capped a tenant at 4 mailboxes' worth.
    /// </summary>
    public int MaxParallelRequests { get; set; } = 64;
    /// <summary>
    /// Graph requests in flight at once across all mailboxes; 0: four per mailbox of MaxParallelRequests, what Exchange
    /// allows them together. The engine's own default (64) made 64 mailboxes share 16 mailboxes' worth of requests.
    /// Lower it only to spare a slow network or proxy.
    /// </summary>
    public int MaxRequestsInFlight { get; set; }

    /// <summary>MaxRequestsInFlight, or four per mailbox migrated at once.</summary>
    public int EffectiveMaxRequestsInFlight => MaxRequestsInFlight > 0 ? MaxRequestsInFlight : Math.Max(1, MaxParallelRequests) * 4;
    /// <summary>How often the queue watcher asks the store whether a request is due (seconds; fractions allowed).</summary>
    public double PollSeconds { get; set; } = 0.5;
    /// <summary>
    /// A request's lease: renewed every third of it while the attempt runs; after a crash another service resumes the request
    /// once it runs out.
    /// </summary>
    public int LeaseSeconds { get; set; } = 120;
    /// <summary>How often the Audio Conferencing license trigger reads the directory delta; 0 turns the trigger off.</summary>
    public int TriggerPollSeconds { get; set; } = 300;
    /// <summary>
    /// Minutes between two reconciliation passes (the first runs at start); 0 turns reconciliation off, the default. A pass
    /// looks for meetings left stale by changes made outside MeetingMigration.
    /// </summary>
    public int ReconcileIntervalMinutes { get; set; }
    /// <summary>Queue each user a pass finds with stale meetings (trigger Reconciliation); false only logs them.</summary>
    public bool ReconcileQueue { get; set; }
    /// <summary>Pause between two users of a pass, so a pass spreads its reads over time.</summary>
    public int ReconcileDelayBetweenUsersSeconds { get; set; } = 1;
    /// <summary>Users checked at most per pass (0: all); the next pass goes on where this one stopped.</summary>
    public int ReconcileMaxUsersPerPass { get; set; }
}
