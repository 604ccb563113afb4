using System.Management.Automation;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Errors;
using EngineError = MeetingMigration.Engine.Errors.MeetingMigrationException;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Checks a typed phone number before ShouldProcess, so -WhatIf and -Confirm already report a bad one (InvalidPhoneNumber,
    /// non-terminating, the value as typed as target) instead of asking about a change that would be refused.
    /// </summary>
    internal static class PhoneNumberInput
    {
        /// <summary>True for a readable number or none; otherwise writes the error and returns false.</summary>
        public static bool Check(Cmdlet cmdlet, string? number, string parameter)
        {
            if (number == null || PhoneNumber.TryNormalize(number, out _)) return true;
            try
            {
                PhoneNumber.Normalize(number, parameter);
            }
            catch (EngineError e)
            {
                cmdlet.WriteError(ErrorMapper.ToErrorRecord(e, number));
            }
            return false;
        }
    }
}
