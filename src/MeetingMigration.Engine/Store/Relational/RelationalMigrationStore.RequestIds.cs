using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore : IKnownRequests
    {
        public Task<IReadOnlyList<MigrationRequest>> GetRequestsByIdPrefixAsync(string prefix, IReadOnlyCollection<MigrationState>? states, int max,
            CancellationToken cancellationToken)
        {
            var rows = Read(connection =>
            {
                // CorrelationIds are stored lower case in "D" format: a range on the primary key, as for user names
                // (prefix <= correlation_id < prefix + U+FFFF), rather than LIKE, which would need escaping.
                var from = prefix.ToLowerInvariant();
                using var command = Command(connection);
                var stateFilter = "";
                if (states != null && states.Count > 0)
                {
                    var names = states.Select((state, i) => (Name: "@s" + i, Value: state.ToString())).ToList();
                    foreach (var (name, value) in names) command.Add(name, value);
                    stateFilter = $" AND state IN ({string.Join(", ", names.Select(n => n.Name))})";
                }
                command.CommandText =
                    $"SELECT {RequestColumns} FROM requests WHERE tenant = @tenant AND correlation_id >= @from AND correlation_id < @to{stateFilter} " +
                    "ORDER BY create_ticks DESC, correlation_id LIMIT @max";
                command.Add("@from", from);
                command.Add("@to", from + "\uffff");
                command.Add("@max", max);
                return ReadAll(command);
            }, cancellationToken);
            return Task.FromResult(rows);
        }
    }
}
