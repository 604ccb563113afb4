using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MeetingMigration.Sandbox;

/// <summary>/users, /users/{id}, /users/{id}/assignLicense and /users/delta. Runs under the state lock.</summary>
internal sealed partial class UsersHandler(SandboxState state)
{
    private const int DeltaPageSize = 100;

    private static readonly HashSet<string> UserProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "userPrincipalName", "displayName", "mail", "givenName", "surname", "jobTitle", "mobilePhone", "officeLocation",
        "preferredLanguage", "businessPhones", "accountEnabled", "assignedLicenses", "assignedPlans", "onPremisesSyncEnabled",
        "usageLocation", "mailNickname",
    };

    // Graph's default user projection: licenses and plans come only with $select.
    private static readonly HashSet<string> DefaultProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "userPrincipalName", "displayName", "mail", "givenName", "surname", "jobTitle", "mobilePhone", "officeLocation",
        "preferredLanguage", "businessPhones",
    };

    public GraphResponse List(GraphRequest r)
    {
        var select = QueryOptions.Select(r, UserProperties, "microsoft.graph.user") ?? DefaultProperties;
        IEnumerable<UserRecord> users = state.UsersLocked;
        if (r.QueryValue("filter") is { } filter) users = users.Where(Filter(filter));
        return Paging.Page(r, users.ToList(), "users", (w, u) => Write(w, u, select));
    }

    public GraphResponse Get(GraphRequest r, string idOrUpn)
    {
        var select = QueryOptions.Select(r, UserProperties, "microsoft.graph.user") ?? DefaultProperties;
        var user = Require(idOrUpn);
        return GraphJson.Ok(200, w => Write(w, user, select));
    }

    public GraphResponse Create(GraphRequest r)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(r.Body).RootElement; }
        catch (JsonException) { throw new GraphException(400, "Request_BadRequest", "Invalid JSON in the request body."); }
        string? Str(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var upn = Str("userPrincipalName");
        if (string.IsNullOrWhiteSpace(upn) || !upn.Contains('@'))
            throw new GraphException(400, "Request_BadRequest", "Invalid value specified for property 'userPrincipalName' of resource 'User'.");
        Guid? id = Str("id") is { } rawId && Guid.TryParse(rawId, out var g) ? g : null;
        var user = state.AddUser(upn, Str("displayName"), id);
        return GraphJson.Ok(201, w => Write(w, user, DefaultProperties));
    }

    /// <summary>addLicenses/removeLicenses; plans of removed SKUs stay listed with capabilityStatus "Deleted", as in Entra.</summary>
    public GraphResponse AssignLicense(GraphRequest r, string idOrUpn)
    {
        var user = Require(idOrUpn);
        JsonElement root;
        try { root = JsonDocument.Parse(r.Body).RootElement; }
        catch (JsonException) { throw new GraphException(400, "Request_BadRequest", "Invalid JSON in the request body."); }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("addLicenses", out var add) || add.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("removeLicenses", out var remove) || remove.ValueKind != JsonValueKind.Array)
            throw new GraphException(400, "Request_BadRequest", "addLicenses and removeLicenses are both required (use empty arrays).");
        var now = DateTimeOffset.UtcNow;
        foreach (var item in remove.EnumerateArray())
        {
            var sku = ParseGuid(item.GetString());
            if (user.AssignedLicenses.RemoveAll(l => l.SkuId == sku) == 0)
                throw new GraphException(400, "Request_BadRequest", $"User does not have a corresponding license '{sku}'.");
            foreach (var (plan, _) in Licenses.PlansOf(sku)) SetPlanStatus(user, plan, "Deleted", now);
        }
        foreach (var item in add.EnumerateArray())
        {
            var sku = ParseGuid(item.TryGetProperty("skuId", out var s) ? s.GetString() : null);
            var disabled = item.TryGetProperty("disabledPlans", out var d) && d.ValueKind == JsonValueKind.Array
                ? d.EnumerateArray().Select(x => ParseGuid(x.GetString())).ToList() : new List<Guid>();
            user.AssignedLicenses.RemoveAll(l => l.SkuId == sku);
            user.AssignedLicenses.Add(new UserLicense(sku, disabled));
            foreach (var (plan, service) in Licenses.PlansOf(sku))
            {
                if (disabled.Contains(plan)) continue;
                if (!user.AssignedPlans.Any(p => p.ServicePlanId == plan)) user.AssignedPlans.Add(new UserServicePlan(now, "Enabled", service, plan));
                else SetPlanStatus(user, plan, "Enabled", now);
            }
        }
        state.TouchUserLocked(user);
        return GraphJson.Ok(200, w => Write(w, user, DefaultProperties));
    }

    private static void SetPlanStatus(UserRecord user, Guid plan, string status, DateTimeOffset now)
    {
        var i = user.AssignedPlans.FindIndex(p => p.ServicePlanId == plan);
        if (i >= 0) user.AssignedPlans[i] = user.AssignedPlans[i] with { CapabilityStatus = status, AssignedDateTime = now };
    }

    private static Guid ParseGuid(string? s) =>
        Guid.TryParse(s, out var g) ? g : throw new GraphException(400, "Request_BadRequest", $"Invalid GUID '{s}'.");

    /// <summary>
    /// Delta: a first pass pages (nextLink with $skiptoken) and ends with a deltaLink whose $deltatoken is the tenant's change
    /// counter; following it returns users changed since. $deltatoken=latest starts from now.
    /// </summary>
    public GraphResponse Delta(GraphRequest r)
    {
        var select = QueryOptions.Select(r, UserProperties, "microsoft.graph.user") ?? DefaultProperties;
        long since = 0;
        var offset = 0;
        var current = state.DirectoryVersionLocked;
        if (r.QueryValue("deltatoken") is { } token)
        {
            if (token.Equals("latest", StringComparison.OrdinalIgnoreCase)) since = current;
            else if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out since))
                throw new GraphException(400, "Request_BadRequest", "The delta token is invalid.");
        }
        else if (r.QueryValue("skiptoken") is { } skip)
        {
            var parts = skip.Split('.');
            if (parts.Length != 2 || !long.TryParse(parts[0], out since) || !int.TryParse(parts[1], out offset))
                throw new GraphException(400, "Request_BadRequest", "The skip token is invalid.");
        }
        var changed = state.UsersLocked.Where(u => u.Version > since).OrderBy(u => u.Version).ToList();
        var page = changed.Skip(offset).Take(DeltaPageSize).ToList();
        var more = offset + page.Count < changed.Count;
        return GraphJson.Ok(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", r.BaseUrl + "/$metadata#users");
            if (more) w.WriteString("@odata.nextLink", Paging.LinkWith(r, "$skiptoken", $"{since}.{offset + page.Count}", "$deltatoken"));
            else w.WriteString("@odata.deltaLink", Paging.LinkWith(r, "$deltatoken", current.ToString(CultureInfo.InvariantCulture), "$skiptoken"));
            w.WriteStartArray("value");
            foreach (var u in page) Write(w, u, select);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private UserRecord Require(string idOrUpn) =>
        state.FindUserLocked(idOrUpn) ?? throw new GraphException(404, "Request_ResourceNotFound",
            $"Resource '{idOrUpn}' does not exist or one of its queried reference-property objects are not present.");

    [GeneratedRegex(@"^\s*(userPrincipalName|mail|id)\s+eq\s+'((?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex EqualsFilter();

    private static Func<UserRecord, bool> Filter(string filter)
    {
        var clauses = Regex.Split(filter, @"\s+or\s+", RegexOptions.IgnoreCase).Select(c => EqualsFilter().Match(c)).ToList();
        if (clauses.Any(m => !m.Success))
            throw new GraphException(400, "Request_UnsupportedQuery", $"Unsupported or invalid query filter clause specified: '{filter}'.");
        var tests = clauses.Select(m => (Property: m.Groups[1].Value.ToLowerInvariant(), Value: m.Groups[2].Value.Replace("''", "'"))).ToList();
        return u => tests.Any(t => t.Property switch
        {
            "userprincipalname" => u.UserPrincipalName.Equals(t.Value, StringComparison.OrdinalIgnoreCase),
            "mail" => u.Mail.Equals(t.Value, StringComparison.OrdinalIgnoreCase),
            _ => u.Id.ToString().Equals(t.Value, StringComparison.OrdinalIgnoreCase),
        });
    }

    public static void Write(Utf8JsonWriter w, UserRecord u, HashSet<string> select)
    {
        bool Has(string p) => select.Contains(p);
        w.WriteStartObject();
        if (Has("businessPhones")) { w.WriteStartArray("businessPhones"); w.WriteEndArray(); }
        if (Has("displayName")) w.WriteString("displayName", u.DisplayName);
        if (Has("givenName")) w.WriteNull("givenName");
        if (Has("jobTitle")) w.WriteNull("jobTitle");
        if (Has("mail")) w.WriteString("mail", u.Mail);
        if (Has("mobilePhone")) w.WriteNull("mobilePhone");
        if (Has("officeLocation")) w.WriteNull("officeLocation");
        if (Has("preferredLanguage")) w.WriteNull("preferredLanguage");
        if (Has("surname")) w.WriteNull("surname");
        if (Has("userPrincipalName")) w.WriteString("userPrincipalName", u.UserPrincipalName);
        if (Has("mailNickname")) w.WriteString("mailNickname", u.UserPrincipalName.Split('@')[0]);
        if (Has("accountEnabled")) w.WriteBoolean("accountEnabled", true);
        if (Has("usageLocation")) w.WriteString("usageLocation", "US");
        if (Has("onPremisesSyncEnabled")) w.WriteNull("onPremisesSyncEnabled");
        if (Has("assignedLicenses"))
        {
            w.WriteStartArray("assignedLicenses");
            foreach (var l in u.AssignedLicenses)
            {
                w.WriteStartObject();
                w.WriteStartArray("disabledPlans");
                foreach (var p in l.DisabledPlans) w.WriteStringValue(p);
                w.WriteEndArray();
                w.WriteString("skuId", l.SkuId);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (Has("assignedPlans"))
        {
            w.WriteStartArray("assignedPlans");
            foreach (var p in u.AssignedPlans)
            {
                w.WriteStartObject();
                w.WriteString("assignedDateTime", TimeZones.FormatUtcOffset(p.AssignedDateTime.UtcDateTime));
                w.WriteString("capabilityStatus", p.CapabilityStatus);
                w.WriteString("service", p.Service);
                w.WriteString("servicePlanId", p.ServicePlanId);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteString("id", u.Id);
        w.WriteEndObject();
    }
}
