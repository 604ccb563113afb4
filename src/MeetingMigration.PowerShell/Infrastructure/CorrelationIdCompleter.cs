using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using MeetingMigration.Engine.Store;
using EngineState = MeetingMigration.Engine.Model.MigrationState;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Tab completion of -CorrelationId: the requests of the connected store whose id starts with what was typed, newest
    /// first, each with its user, state and creation time as the tooltip. Stop offers the requests it can take out of the
    /// queue (Pending: not run yet, or waiting for a retry), Undo the finished ones (Succeeded, Failed), other commands every request. From the local
    /// store only (StoreCompletion).
    /// </summary>
    public sealed class CorrelationIdCompleter : IArgumentCompleter
    {
        private const int MaxResults = 50;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var typed = (wordToComplete ?? "").Trim('\'', '"');
            return StoreCompletion.Offer<IKnownRequests>((requests, token) =>
                requests.GetRequestsByIdPrefixAsync(typed, StatesFor(commandName), MaxResults, token).GetAwaiter().GetResult().Select(request =>
                {
                    var id = request.CorrelationId.ToString("D");
                    var tip = $"{request.UserPrincipalName}, {request.State}, created {request.CreateDate.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC" +
                              (request.Trigger.Length > 0 ? $" ({request.Trigger})" : "");
                    return new CompletionResult(id, id, CompletionResultType.ParameterValue, tip);
                }));
        }

        private static EngineState[]? StatesFor(string commandName) =>
            string.Equals(commandName, "Stop-CsMeetingMigration", StringComparison.OrdinalIgnoreCase) ? new[] { EngineState.Pending }
            : string.Equals(commandName, "Undo-CsMeetingMigration", StringComparison.OrdinalIgnoreCase) ? new[] { EngineState.Succeeded, EngineState.Failed }
            : null;
    }
}
