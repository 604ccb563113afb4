using System;

namespace MeetingMigration.PowerShell.Output
{
    /// <summary>
    /// The tenant's migration switch and service settings as Get/Set-CsTenantMigrationConfiguration return them. The
    /// engine's record lives in the module's private load context, so a script could read it but never name its type
    /// (`-is`, a typed parameter, a cast); this is the same record, same property names, order, types and setters, in
    /// the module's assembly. The setters stay because an edited object is what Set -Instance takes.
    /// </summary>
    public sealed class TenantMigrationConfiguration
    {
        internal static TenantMigrationConfiguration Of(Engine.Configuration.TenantMigrationConfiguration c) => new TenantMigrationConfiguration
        {
            Identity = c.Identity,
            MeetingMigrationEnabled = c.MeetingMigrationEnabled,
            UserRetryLimit = c.UserRetryLimit,
            RetryWindow = c.RetryWindow,
            StatusRetentionDays = c.StatusRetentionDays,
            TriggerDelay = c.TriggerDelay,
            HorizonDays = c.HorizonDays,
            AsRead = c.Clone(),
        };

        /// <summary>The values as read: Set -Instance writes only what was edited since (SettingsApplier.KeepEdited).</summary>
        internal Engine.Configuration.TenantMigrationConfiguration? AsRead { get; private set; }

        public string Identity { get; set; } = "";
        public bool MeetingMigrationEnabled { get; set; }
        public int UserRetryLimit { get; set; }
        public TimeSpan RetryWindow { get; set; }
        public int StatusRetentionDays { get; set; }
        public TimeSpan TriggerDelay { get; set; }
        public int HorizonDays { get; set; }
    }
}
