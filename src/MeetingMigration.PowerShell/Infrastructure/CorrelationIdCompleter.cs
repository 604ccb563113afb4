using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using MeetingMigration.Engine.Store;
using EngineState = MeetingMigration.Engine.Model.MigrationState;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// Tab completion of -CorrelationId: the requests of the connected store whose id starts with what was typed, newest
    /// first, each with its user, state and creation time as the tooltip. Stop offers the requests it can take out of the
    /// queue (Pending, Failed), Undo the finished ones (Succeeded, Failed), other commands every request. Read from the
    /// local store only, and never creating one, as <see cref="UserIdentityCompleter"/>.
    /// </summary>
    public sealed class CorrelationIdCompleter : IArgumentCompleter
    {
        private const int MaxResults = 50;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var results = new List<CompletionResult>();
            try
            {
                var typed = (wordToComplete ?? "").Trim('\'', '"');
                var session = ModuleSession.Current;
                if (session.DefaultStoreMissing) return results;
                if (!(session.Store is IKnownRequests requests)) return results;

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                foreach (var request in requests.GetRequestsByIdPrefixAsync(typed, StatesFor(commandName), MaxResults, timeout.Token).GetAwaiter().GetResult())
                {
                    var id = request.CorrelationId.ToString("D");
                    var tip = $"{request.UserPrincipalName}, {request.State}, created {request.CreateDate:yyyy-MM-dd HH:mm} UTC" +
                              (request.Trigger.Length > 0 ? $" ({request.Trigger})" : "");
                    results.Add(new CompletionResult(id, id, CompletionResultType.ParameterValue, tip));
                }
            }
            catch (Exception)
            {
                // A completer must never throw into the console: a locked or unreadable store just offers nothing.
            }
            return results;
        }

        private static EngineState[]? StatesFor(string commandName) =>
            string.Equals(commandName, "Stop-CsMeetingMigration", StringComparison.OrdinalIgnoreCase) ? new[] { EngineState.Pending, EngineState.Failed }
            : string.Equals(commandName, "Undo-CsMeetingMigration", StringComparison.OrdinalIgnoreCase) ? new[] { EngineState.Succeeded, EngineState.Failed }
            : null;
    }
}
