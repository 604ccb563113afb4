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

        /// <summary>
        /// Outside probe X: with one connection in the pool, Connect waited out the pool's timeout (15 s) and said the store
        /// was unavailable, and the service that it could not be opened "now" (exit 1, restarted in vain).
        /// </summary>
        [Theory]
        [InlineData("Host=127.0.0.1;Port=1;Maximum Pool Size=1")]
        [InlineData("Host=127.0.0.1;Port=1;MaxPoolSize=1;Timeout=60")]
        public void A_pool_of_fewer_connections_than_the_store_uses_at_once_is_refused_without_connecting(string connectionString)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var refused = Assert.Throws<MeetingMigrationException>(() => PostgreSqlMigrationStore.Open(connectionString));

            Assert.Equal(ErrorIds.InvalidStoreConnectionString, refused.ErrorId);
            Assert.Contains("Maximum Pool Size is 1, and the store needs 2 connections at once", refused.Message);
            Assert.True(clock.Elapsed < System.TimeSpan.FromSeconds(5), "refused before trying to connect");
        }

        /// <summary>
        /// Outside probe AM: a string without a password that Npgsql could not read showed a fragment of itself (perhaps a
        /// password pasted without its keyword) and .NET's "(Parameter '…')" beside "It is not shown here". A name that
        /// looks like a keyword is still named (a misspelt one is the common mistake); nothing else of the string is.
        /// </summary>
        [Theory]
        [InlineData("this is not ; a=connection=string", "it has a part that is neither a keyword PostgreSQL knows nor keyword=value", "this is not")]
        [InlineData("s3cr3t!x;Host=db", "it has a part that is neither a keyword PostgreSQL knows nor keyword=value", "s3cr3t")]
        [InlineData("garbage", "it is not a list of keyword=value pairs parted by ';'", "garbage")]
        [InlineData("Hots=db;Database=x", "it has a keyword PostgreSQL does not know, 'hots' (check its spelling)", "Parameter")]
        [InlineData("Host=db;Port=abc", "the value of its keyword 'port' cannot be used", "abc")]
        public void An_unreadable_string_is_said_so_without_its_text(string connectionString, string said, string notShown)
        {
            var refused = Assert.Throws<MeetingMigrationException>(() => PostgreSqlMigrationStore.Open(connectionString));

            Assert.Equal(ErrorIds.InvalidStoreConnectionString, refused.ErrorId);
            Assert.Contains(said, refused.Message);
            Assert.DoesNotContain(notShown, refused.Message);
            Assert.DoesNotContain("(Parameter", refused.Message);
        }
    }
}
