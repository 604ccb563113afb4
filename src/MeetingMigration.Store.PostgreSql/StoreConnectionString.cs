using System;
using MeetingMigration.Engine.Errors;
using Npgsql;

namespace MeetingMigration.Store.PostgreSql
{
    /// <summary>Reading and showing a PostgreSQL connection string without ever showing its password.</summary>
    internal static class StoreConnectionString
    {
        public static NpgsqlConnectionStringBuilder Parse(string connectionString)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString);
                if (string.IsNullOrWhiteSpace(builder.Host))
                    throw Invalid("it names no server (Host=...)");
                // The store runs its statements synchronously, in transactions that hold an advisory lock: Npgsql's
                // multiplexing runs no synchronous command ("Synchronous command execution is not supported when
                // multiplexing is on", a NotSupportedException at Connect, found testing connection-string options).
                // A write holds one connection while the store's clock or a kept read takes another: with one connection in
                // the pool, Connect waited out the pool's timeout and said the store was unavailable "now" (outside probe X).
                if (builder.MaxPoolSize < MinimumPoolSize)
                    throw Invalid($"its Maximum Pool Size is {builder.MaxPoolSize}, and the store needs {MinimumPoolSize} connections at once; give Maximum Pool Size={MinimumPoolSize} or more, or leave it out");
                if (builder.Multiplexing)
                    throw Invalid("it turns on Multiplexing, which the store cannot work with (it runs its statements synchronously, each transaction on a connection of its own); remove Multiplexing=true");
                return builder;
            }
            catch (ArgumentException e)
            {
                // Npgsql's message names the keyword it did not know. With a password in the string, that "keyword" may be
                // the password's tail after a ';' (Password=ab;cd=ef), so it is named only where no password is written
                // (found by an outside probe).
                throw Invalid(HoldsPassword(connectionString)
                    ? "it has a keyword PostgreSQL does not know, or a value it cannot use (not named, as it may be part of the password: a password with ';' in it goes in quotes, Password='a;b', or in -StorePassword)"
                    : Unreadable(e));
            }
        }

        /// <summary>
        /// Why Npgsql could not read a string that holds no password, in words of ours and without its text: a part it
        /// could not read may be a password pasted without its keyword, so only a name that looks like a keyword is
        /// shown (the string's own fragment and .NET's "(Parameter '…')" were: outside probe AM).
        /// </summary>
        private static string Unreadable(ArgumentException e)
        {
            if (string.IsNullOrEmpty(e.ParamName)) return "it is not a list of keyword=value pairs parted by ';'";
            var looksLikeKeyword = System.Text.RegularExpressions.Regex.IsMatch(e.ParamName, @"^[A-Za-z][A-Za-z0-9 ]{0,39}$");
            if (e.InnerException is System.Collections.Generic.KeyNotFoundException)
                return looksLikeKeyword
                    ? $"it has a keyword PostgreSQL does not know, {QuotedValue.Of(e.ParamName)} (check its spelling)"
                    : "it has a part that is neither a keyword PostgreSQL knows nor keyword=value (not named, as it may be a password without its keyword)";
            return $"the value of its keyword {QuotedValue.Of(e.ParamName)} cannot be used (of the wrong kind, or out of range)";
        }

        /// <summary>The connections the store may use at once: a write's, and the server clock's or a read's beside it.</summary>
        internal const int MinimumPoolSize = 2;

        private static bool HoldsPassword(string connectionString) =>
            connectionString.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0 || connectionString.IndexOf("pwd", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>"postgresql://user@host:port/database" (and the schema when one is chosen): for display, never the password.</summary>
        public static string Describe(NpgsqlConnectionStringBuilder builder)
        {
            var schema = string.IsNullOrEmpty(builder.SearchPath) ? "" : $" (schema {builder.SearchPath})";
            var user = string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@";
            return $"postgresql://{user}{builder.Host}:{builder.Port}/{builder.Database}{schema}";
        }

        /// <summary>Removes the password from a server's or driver's message, should one ever quote it.</summary>
        public static string Redact(string message, string? password) =>
            string.IsNullOrEmpty(password) ? message : message.Replace(password, "***");

        private static MeetingMigrationException Invalid(string reason) =>
            new MeetingMigrationException(ErrorIds.InvalidStoreConnectionString, ErrorKind.InvalidArgument,
                $"The store connection string cannot be used: {reason}. It is not shown here because it may hold a password.",
                null, "Give a connection string such as \"Host=db.contoso.com;Database=meetingmigration;Username=mm\", with the password in -StorePassword or the MEETINGMIGRATION_STORE_PASSWORD variable.");
    }
}
