using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using MeetingMigration.Engine.Errors;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Store
{
    /// <summary>
    /// Opens the store a session or the service is configured with: the embedded SQLite file by default, a PostgreSQL
    /// server when a connection string is given. The PostgreSQL store lives in its own assembly (Npgsql needs .NET 8; the
    /// engine is netstandard2.0) and is loaded by name, into the same load context as the engine, only when asked for.
    /// </summary>
    public static class MigrationStores
    {
        /// <summary>A PostgreSQL connection string for every session and service of the machine that sets no other store.</summary>
        public const string ConnectionStringVariable = "MEETINGMIGRATION_STORE_CONNECTION";
        /// <summary>The password for a connection string that has none (kept out of command lines and settings files).</summary>
        public const string PasswordVariable = "MEETINGMIGRATION_STORE_PASSWORD";
        /// <summary>The tenant whose rows a session or service uses when it names none (see <see cref="TenantKey"/>).</summary>
        public const string TenantVariable = "MEETINGMIGRATION_STORE_TENANT";

        private const string ServerStoreAssembly = "MeetingMigration.Store.PostgreSql";
        private const string ServerStoreType = "MeetingMigration.Store.PostgreSql.PostgreSqlMigrationStore";

        /// <summary>
        /// Opens a PostgreSQL store. password: used when the connection string has none; null or empty falls back to
        /// MEETINGMIGRATION_STORE_PASSWORD, then to what Npgsql itself reads (PGPASSWORD, the password file).
        /// </summary>
        public static RelationalMigrationStore OpenServer(string connectionString, string? password, string? tenant, IClock? clock = null)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new MeetingMigrationException(ErrorIds.InvalidStoreConnectionString, ErrorKind.InvalidArgument,
                    "The store connection string is empty.", null, "Give a connection string such as \"Host=db.contoso.com;Database=meetingmigration;Username=mm\".");
            var open = ServerOpenMethod();
            try
            {
                return (RelationalMigrationStore)open.Invoke(null, new object?[]
                {
                    connectionString, NullIfEmpty(password) ?? NullIfEmpty(Environment.GetEnvironmentVariable(PasswordVariable)), tenant, clock,
                })!;
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw; // not reached
            }
        }

        private static MethodInfo ServerOpenMethod()
        {
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(new AssemblyName(ServerStoreAssembly));
            }
            catch (Exception e) when (e is FileNotFoundException || e is FileLoadException || e is BadImageFormatException)
            {
                throw new MeetingMigrationException(ErrorIds.StoreUnavailable, ErrorKind.InvalidOperation,
                    $"The PostgreSQL store ({ServerStoreAssembly}) cannot be loaded: {QuotedValue.Inert(e.Message, 160)}", null,
                    "It needs PowerShell 7.4 or later (.NET 8); reinstall the MeetingMigration module, or use the embedded store (-StorePath).", e);
            }
            var type = assembly.GetType(ServerStoreType, throwOnError: true)!;
            return type.GetMethod("Open", new[] { typeof(string), typeof(string), typeof(string), typeof(IClock) })
                   ?? throw new MissingMethodException(ServerStoreType, "Open");
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
