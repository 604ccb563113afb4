using System.Globalization;

namespace MeetingMigration.Service.Configuration;

/// <summary>
/// Checks the settings the service cannot start without, before anything is built from them, so each problem is named
/// by its setting (the engine's own checks speak of the cmdlets' parameters). Values of secrets are never echoed.
/// </summary>
public static class ServiceSettingsCheck
{
    public static void Validate(ServiceSettings settings)
    {
        CheckGraphEndpoint(settings.GraphEndpoint);
        CheckNumbers(settings);
        if (!string.IsNullOrEmpty(settings.AccessToken))
        {
            // It goes into an Authorization header; the value itself is a secret and is not shown.
            if (!settings.AccessToken.All(c => c > 0x20 && c < 0x7f))
                throw new ServiceConfigurationException("AccessToken", "contains characters a bearer token cannot hold (spaces, line breaks, control or non-ASCII characters).",
                    "Set it to the token alone, with no quotes or line break around it.");
            return; // sandbox and tests: no tenant, no app
        }
        if (string.IsNullOrWhiteSpace(settings.TenantId))
            throw new ServiceConfigurationException("TenantId", "is not set.",
                "Set it to your tenant's id or domain (contoso.onmicrosoft.com).");
        if (!Guid.TryParse(settings.TenantId, out _) && !IsDomainName(settings.TenantId))
            throw new ServiceConfigurationException("TenantId", "is neither a GUID nor a domain name.",
                "Set it to your tenant's id or domain (contoso.onmicrosoft.com).");
        if (string.IsNullOrWhiteSpace(settings.ClientId))
            throw new ServiceConfigurationException("ClientId", "is not set.",
                "Set it to the application (client) id of your app registration; see docs/permissions.md.");
        if (!Guid.TryParse(settings.ClientId, out _))
            throw new ServiceConfigurationException("ClientId", "is not a GUID.",
                "Set it to the application (client) id of your app registration.");
        CheckAuthorityHost(settings);
        if (!string.IsNullOrEmpty(settings.CertificatePath)) CheckCertificateFile(settings.CertificatePath);
        else if (string.IsNullOrEmpty(settings.ClientSecret))
            throw new ServiceConfigurationException("ClientSecret", "no credential is set.",
                $"Set {ServiceHost.SectionName}__ClientSecret, or {ServiceHost.SectionName}__CertificatePath (and __CertificatePassword) to a PFX of the app registration.");
    }

    /// <summary>
    /// Every number in range. Nothing is clamped without a word: -1 mailboxes at a time would quietly mean one, and an
    /// interval past what a timer can wait (about 49 days) would stop its loop with an exception after the service had started.
    /// </summary>
    private static void CheckNumbers(ServiceSettings s)
    {
        Range("MaxParallelRequests", s.MaxParallelRequests, 1, 1024, off: false, "requests (mailboxes) migrated at once", "64");
        Range("MaxRequestsInFlight", s.MaxRequestsInFlight, 1, 100_000, off: true, "Graph requests in flight at once",
            "0: four per mailbox of MaxParallelRequests");
        Range("PollSeconds", s.PollSeconds, 0.05, 3600, off: false, "seconds between two looks at the queue", "0.5");
        Range("LeaseSeconds", s.LeaseSeconds, 3, 86_400, off: false, "seconds a request's lease lasts", "120");
        Range("TriggerPollSeconds", s.TriggerPollSeconds, 1, 604_800, off: true, "seconds between two reads of the directory", "300; 0 turns the trigger off");
        Range("ReconcileIntervalMinutes", s.ReconcileIntervalMinutes, 1, 43_200, off: true, "minutes between two reconciliation passes", "0: off");
        Range("ReconcileDelayBetweenUsersSeconds", s.ReconcileDelayBetweenUsersSeconds, 0, 3600, off: false, "seconds of pause between two users of a pass", "1");
        Range("ReconcileMaxUsersPerPass", s.ReconcileMaxUsersPerPass, 1, int.MaxValue, off: true, "users checked in one pass", "0: all of them");
    }

    /// <param name="off">0 is allowed too: it turns the feature off, or means the default named in <paramref name="byDefault"/>.</param>
    private static void Range(string setting, double value, double min, double max, bool off, string counts, string byDefault)
    {
        if (off && value == 0) return;
        if (double.IsFinite(value) && value >= min && value <= max) return;
        var least = min.ToString(CultureInfo.InvariantCulture);
        var allowed = max == int.MaxValue ? $"a number of {least} or more" : $"a number from {least} to {max.ToString("N0", CultureInfo.InvariantCulture)}";
        throw new ServiceConfigurationException(setting, $"is {value.ToString(CultureInfo.InvariantCulture)}; it counts {counts}.",
            $"Set it to {allowed}{(off ? ", or 0" : "")} (default {byDefault}); see docs/service.md, Settings.");
    }

    private static bool IsDomainName(string value) =>
        value.Contains('.') && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '.' || c == '-');

    private static void CheckGraphEndpoint(string endpoint)
    {
        const string action = "Set it to https://graph.microsoft.com/v1.0 (or your national cloud's Graph, ending in /v1.0); plain http is allowed for 127.0.0.1 only.";
        // Never echoed with a password in it (the service's start line showed it: an outside probe).
        if (Engine.Auth.EndpointUserInfo.IsIn(endpoint))
            throw new ServiceConfigurationException("GraphEndpoint", $"'{Engine.Auth.EndpointUserInfo.Hidden(endpoint)}' holds a user name or password before its host; " +
                "Graph is signed in to with the token or the app's credential, never with credentials in the URL.", action);
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new ServiceConfigurationException("GraphEndpoint", $"'{Engine.Auth.EndpointUserInfo.Hidden(endpoint)}' is not an https URL.", action);
        // A bearer token over plain http to another machine could be read on the way.
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            throw new ServiceConfigurationException("GraphEndpoint", $"'{Engine.Auth.EndpointUserInfo.Hidden(endpoint)}' uses plain http to a host other than this machine; access tokens would travel unencrypted.", action);
        if (!uri.AbsolutePath.TrimEnd('/').EndsWith("/v1.0", StringComparison.Ordinal))
            throw new ServiceConfigurationException("GraphEndpoint", $"'{Engine.Auth.EndpointUserInfo.Hidden(endpoint)}' does not end in /v1.0.", action);
        // A query or fragment (a key, say) would be printed in the start line, and Graph's URLs are built under the path.
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new ServiceConfigurationException("GraphEndpoint", $"'{Engine.Auth.EndpointUserInfo.Hidden(endpoint)}' has a query or fragment.", action);
    }

    private static void CheckAuthorityHost(ServiceSettings settings)
    {
        const string action = "Set it to https://login.microsoftonline.com (or your national cloud's Entra ID host), without a path; plain http is allowed for 127.0.0.1 only (the sandbox).";
        var text = settings.AuthorityHost ?? "";
        if (Engine.Auth.EndpointUserInfo.IsIn(text))
            throw new ServiceConfigurationException("AuthorityHost", $"'{Engine.Auth.EndpointUserInfo.Hidden(text)}' holds a user name or password before its host.", action);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            throw new ServiceConfigurationException("AuthorityHost", $"'{Engine.Auth.EndpointUserInfo.Hidden(text)}' is not the https URL of a host.", action);
        // The client secret would travel unencrypted.
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            throw new ServiceConfigurationException("AuthorityHost", $"'{Engine.Auth.EndpointUserInfo.Hidden(text)}' uses plain http to a host other than this machine; the client secret would travel unencrypted.", action);
        if (uri.Scheme == Uri.UriSchemeHttp && !string.IsNullOrEmpty(settings.CertificatePath))
            throw new ServiceConfigurationException("AuthorityHost", $"'{Engine.Auth.EndpointUserInfo.Hidden(text)}' is a local sandbox, which signs in with a client secret only.",
                $"Set {ServiceHost.SectionName}__ClientSecret instead of a certificate, or AuthorityHost to Microsoft Entra ID.");
    }

    private static void CheckCertificateFile(string path)
    {
        if (Directory.Exists(path))
            throw new ServiceConfigurationException("CertificatePath", $"'{path}' is a folder, not a certificate file.",
                "Set it to the PFX (PKCS#12) file of the app registration's certificate.");
        if (!File.Exists(path))
            throw new ServiceConfigurationException("CertificatePath", $"there is no file '{path}' (or this account cannot see it).",
                "Set it to the PFX (PKCS#12) file of the app registration's certificate, readable by the service's account.");
    }
}
