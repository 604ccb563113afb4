using System;
using System.Management.Automation;
using MeetingMigration.Engine.Configuration;
using MeetingMigration.Engine.Errors;
using EngineError = MeetingMigration.Engine.Errors.MeetingMigrationException;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>The tenant-wide settings cmdlets have one instance, "Global"; these checks name any other value precisely.</summary>
    internal static class ConfigurationIdentity
    {
        public static bool IsGlobal(string? identity) =>
            identity == null || string.Equals(identity.Trim(), TenantMigrationConfiguration.GlobalIdentity, StringComparison.OrdinalIgnoreCase);

        public static EngineError NotFound(string? identity, string noun) =>
            new EngineError(ErrorIds.InvalidConfigurationIdentity, ErrorKind.ObjectNotFound,
                $"There is no {noun} with identity {QuotedValue.Of(identity)}. The tenant has one, named 'Global'.", identity,
                "Leave out -Identity, or give -Identity Global.");

        /// <summary>
        /// -Filter takes a wildcard on the identity, as Microsoft's Get cmdlets do. A pattern PowerShell cannot read ('[',
        /// 'Glo[b') is InvalidConfigurationIdentity naming it, not WildcardPattern's RuntimeException.
        /// </summary>
        public static bool MatchesFilter(string? filter)
        {
            if (string.IsNullOrEmpty(filter)) return true;
            try
            {
                return new WildcardPattern(filter, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant).IsMatch(TenantMigrationConfiguration.GlobalIdentity);
            }
            catch (WildcardPatternException e)
            {
                throw new EngineError(ErrorIds.InvalidConfigurationIdentity, ErrorKind.InvalidArgument,
                    $"-Filter {QuotedValue.Of(filter)} is not a wildcard pattern PowerShell can read (brackets come in pairs, as in '[Gg]lobal').", filter,
                    "Give a pattern such as 'Glob*', write a literal bracket as '`[', or leave out -Filter.", e);
            }
        }
    }
}
