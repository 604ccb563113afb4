using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MeetingMigration.Engine.Store
{
    public abstract partial class RelationalMigrationStore : IKnownUserNames
    {
        public Task<IReadOnlyList<string>> GetUserNamesAsync(string prefix, int max, CancellationToken cancellationToken)
        {
            var names = Read<IReadOnlyList<string>>(connection =>
            {
                // A range on upn_norm (lower case, indexed in both tables) rather than LIKE, which would need escaping and
                // could not use the index: prefix <= upn_norm < prefix + U+FFFF.
                var from = prefix.ToLowerInvariant();
                using var command = Command(connection, null,
                    @"SELECT MIN(upn) FROM (
                        SELECT upn_norm, upn FROM requests WHERE tenant = @tenant AND upn_norm >= @from AND upn_norm < @to
                        UNION ALL
                        SELECT upn_norm, upn FROM dialin_users WHERE tenant = @tenant AND upn_norm >= @from AND upn_norm < @to) names
                      GROUP BY upn_norm ORDER BY upn_norm LIMIT @max");
                command.Add("@from", from);
                command.Add("@to", from + "\uffff");
                command.Add("@max", max);
                var found = new List<string>();
                using var reader = command.ExecuteReader();
                while (reader.Read()) found.Add(reader.GetString(0));
                return found;
            }, cancellationToken);
            return Task.FromResult(names);
        }
    }
}
