using System;
using System.Collections.Generic;

namespace MeetingMigration.Sandbox;

/// <summary>The few SKUs the migration engine reasons about, with the service plans they carry (licensing reference table).</summary>
internal static class Licenses
{
    public static readonly Guid AudioConferencingPlan = Guid.Parse("3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40");
    public static readonly Guid TeamsPlan = Guid.Parse("57ff2da0-773e-42df-b2af-ffb7a2317929");
    public static readonly Guid SkypeOnlinePlan2 = Guid.Parse("0feaeb32-d00e-4d66-bd5a-43b5b83db82c");
    public static readonly Guid ExchangePlan2 = Guid.Parse("efb87545-963c-4e0d-99df-69c6916d9eb0");

    private static readonly Dictionary<Guid, (Guid Plan, string Service)[]> PlansBySku = new()
    {
        // Audio Conferencing (and its faculty SKU)
        [Guid.Parse("0c266dff-15dd-4b49-8397-2bb16070ed52")] = new[] { (AudioConferencingPlan, "MicrosoftCommunicationsOnline") },
        [Guid.Parse("c2cda955-3359-44e5-989f-852ca0cfa02f")] = new[] { (AudioConferencingPlan, "MicrosoftCommunicationsOnline") },
        // Office 365 E5: a suite that carries the audio-conferencing plan too.
        [Guid.Parse("c7df2760-2c81-4ef7-b578-5b5392b571df")] = new[]
        {
            (ExchangePlan2, "exchange"), (TeamsPlan, "TeamspaceAPI"), (SkypeOnlinePlan2, "MicrosoftCommunicationsOnline"),
            (AudioConferencingPlan, "MicrosoftCommunicationsOnline"),
        },
        // Office 365 E3
        [Guid.Parse("6fd2c87f-b296-42f0-b197-1e91e994b900")] = new[]
        {
            (ExchangePlan2, "exchange"), (TeamsPlan, "TeamspaceAPI"), (SkypeOnlinePlan2, "MicrosoftCommunicationsOnline"),
        },
    };

    /// <summary>Plans of a SKU; an unknown SKU contributes no plans.</summary>
    public static IReadOnlyList<(Guid Plan, string Service)> PlansOf(Guid skuId) =>
        PlansBySku.TryGetValue(skuId, out var plans) ? plans : Array.Empty<(Guid, string)>();
}
