using MeetingMigration.Engine.Errors;
using MeetingMigration.Store.PostgreSql;
using Xunit;

namespace MeetingMigration.Engine.Tests.Store
{
    /// <summary>Npgsql options in a store's connection string that the store cannot work with are refused before connecting.</summary>
    public sealed class ConnectionStringOptionTests
    {
        /// <summary>
        /// Multiplexing runs no synchronous command: Connect failed with NotSupportedException ("Synchronous command execution
        /// is not supported when multiplexing is on"), an UnexpectedError, after reaching the server.
        /// </summary>
        [Theory]
        [InlineData("Host=127.0.0.1;Port=1;Multiplexing=true")]
        [InlineData("Host=127.0.0.1;Port=1;multiplexing=True;Password=s3cret;Username=mm")]
        public void Multiplexing_is_refused_naming_the_option_without_connecting(string connectionString)
        {
            var refused = Assert.Throws<MeetingMigrationException>(() => PostgreSqlMigrationStore.Open(connectionString));

            Assert.Equal(ErrorIds.InvalidStoreConnectionString, refused.ErrorId);
            Assert.Contains("remove Multiplexing=true", refused.Message);
            Assert.DoesNotContain("s3cret", refused.Message);
        }
    }
}
