using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;

namespace MeetingMigration.PowerShell.Infrastructure
{
    /// <summary>
    /// What a tab completer offers from the connected store: read from the local store only (never Graph), within two
    /// seconds, and nothing at all, never an exception, when the store cannot answer (locked, unreadable, a kind of store
    /// without that lookup). With no store connected and none at the default path it offers nothing rather than creating
    /// a store file as a side effect of pressing Tab.
    /// </summary>
    internal static class StoreCompletion
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

        public static List<CompletionResult> Offer<TLookup>(Func<TLookup, CancellationToken, IEnumerable<CompletionResult>> read) where TLookup : class
        {
            try
            {
                var session = ModuleSession.Current;
                if (session.DefaultStoreMissing || !(session.Store is TLookup lookup)) return new List<CompletionResult>();
                using var timeout = new CancellationTokenSource(Limit);
                return read(lookup, timeout.Token).ToList();
            }
            catch (Exception)
            {
                // A completer must never throw into the console.
                return new List<CompletionResult>();
            }
        }
    }
}
