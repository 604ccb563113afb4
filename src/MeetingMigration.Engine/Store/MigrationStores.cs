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
        private const string ServerStoreTypeName = "MeetingMigration.Store.PostgreSql.PostgreSqlMigrationStore";

        /// <summary>
        /// Opens a PostgreSQL store. password: used when the connection string has none; null or empty falls back to
        /// MEETINGMIGRATION_STORE_PASSWORD, then to what Npgsql itself reads (PGPASSWORD, the password file).
        /// </summary>
        public static RelationalMigrationStore OpenServer(string connectionString, string? password, string? tenant, IClock? clock = null) =>
            (RelationalMigrationStore)CallServerStore("Open", new[] { typeof(string), typeof(string), typeof(string), typeof(IClock) }, connectionString,
                NullIfEmpty(password) ?? NullIfEmpty(Environment.GetEnvironmentVariable(PasswordVariable)), tenant, clock);

        /// <summary>
        /// Checks a PostgreSQL connection string without connecting (InvalidStoreConnectionString when it cannot be used) and
        /// names the store it designates, "postgresql://user@host:port/database", never its password: for -WhatIf and
        /// confirmations, which must not open the store (opening it creates or upgrades its tables).
        /// </summary>
        public static string DescribeServer(string connectionString) =>
            (string)CallServerStore("Describe", new[] { typeof(string) }, connectionString);

        /// <summary>
        /// Connects to the PostgreSQL store a connection string designates without creating or changing anything, and refuses
        /// one that cannot be reached (StoreUnavailable) or already holds data (StoreNotEmpty): what Copy-MeetingMigrationStore
        /// checks before it asks, -WhatIf included, so a copy that cannot work is said before anything is opened.
        /// </summary>
        public static void CheckServerEmpty(string connectionString, string? password) =>
            CallServerStore("CheckEmpty", new[] { typeof(string), typeof(string) }, connectionString,
                NullIfEmpty(password) ?? NullIfEmpty(Environment.GetEnvironmentVariable(PasswordVariable)));

        /// <summary>Calls a static method of the PostgreSQL store, its connection string first; its own exceptions pass as they are.</summary>
        private static object CallServerStore(string name, Type[] parameters, string connectionString, params object?[] rest)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new MeetingMigrationException(ErrorIds.InvalidStoreConnectionString, ErrorKind.InvalidArgument,
                    "The store connection string is empty.", null, "Give a connection string such as \"Host=db.contoso.com;Database=meetingmigration;Username=mm\".");
            var method = ServerStoreType().GetMethod(name, parameters) ?? throw new MissingMethodException(ServerStoreTypeName, name);
            var arguments = new object?[rest.Length + 1];
            arguments[0] = connectionString;
            Array.Copy(rest, 0, arguments, 1, rest.Length);
            try
            {
                return method.Invoke(null, arguments)!;
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw; // not reached
            }
        }

        private static Type ServerStoreType()
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
            return assembly.GetType(ServerStoreTypeName, throwOnError: true)!;
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
