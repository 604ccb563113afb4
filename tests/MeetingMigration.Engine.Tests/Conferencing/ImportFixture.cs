using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Conferencing;
using MeetingMigration.Engine.Model;
using MeetingMigration.Engine.Store;
using MeetingMigration.Engine.Tests.Model;
using MeetingMigration.Engine.Tests.Store;

namespace MeetingMigration.Engine.Tests.Conferencing
{
    /// <summary>A store, a clock, and CSV files in the test's folder; imports run through them with their errors collected.</summary>
    internal sealed class ImportFixture : IDisposable
    {
        private readonly TempStoreFile _file = new TempStoreFile();
        private int _files;

        public ImportFixture()
        {
            Clock = new ManualClock();
            Store = _file.Open(Clock);
            Admin = new ConferencingAdmin(Store);
        }

        public ManualClock Clock { get; }
        public SqliteMigrationStore Store { get; }
        public ConferencingAdmin Admin { get; }
        public List<ImportRowException> Errors { get; } = new List<ImportRowException>();
        public List<DialInUserImportProgress> Progress { get; } = new List<DialInUserImportProgress>();

        /// <summary>Writes the lines (joined by CRLF) as a file, UTF-8 with or without BOM.</summary>
        public string WriteCsv(IEnumerable<string> lines, bool bom = false) => WriteBytes(new UTF8Encoding(bom).GetPreamble()
            .Concat(Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")).ToArray());

        public string WriteCsv(params string[] lines) => WriteCsv((IEnumerable<string>)lines);

        public string WriteBytes(byte[] bytes)
        {
            var path = Path.Combine(_file.Folder, $"import-{++_files}.csv");
            File.WriteAllBytes(path, bytes);
            return path;
        }

        public Task<DialInUserImportSummary> Import(string path, bool whatIf = false, int batchSize = DialInUserImport.DefaultBatchSize,
            CancellationToken cancellationToken = default, Action<DialInUserImportProgress>? onProgress = null)
        {
            Errors.Clear();
            Progress.Clear();
            var progress = new Synchronous(p =>
            {
                Progress.Add(p);
                onProgress?.Invoke(p);
            });
            return new DialInUserImport(Admin, batchSize).ImportFileAsync(path, whatIf, progress, Errors.Add, cancellationToken);
        }

        /// <summary>A bridge with toll numbers, the first its default (as ConferencingTestBed.BridgeAsync, for the import's store).</summary>
        public async Task<ConferencingBridge> BridgeAsync(string name, params string[] toll)
        {
            await Admin.NewBridgeAsync(name, null, CancellationToken.None);
            foreach (var number in toll)
                await Admin.RegisterServiceNumberAsync(number, new BridgeReference { Name = name }, ServiceNumberType.Toll, null, null, null, CancellationToken.None);
            return (await Admin.GetBridgesAsync(CancellationToken.None)).Single(b => b.Name == name);
        }

        /// <summary>The engine refuses the change with <paramref name="errorId"/>.</summary>
        public async Task RefusedByEngine(string errorId, Func<Task> change)
        {
            var error = await Xunit.Assert.ThrowsAsync<MeetingMigration.Engine.Errors.MeetingMigrationException>(change);
            Xunit.Assert.Equal(errorId, error.ErrorId);
        }

        public Task<DialInUser?> User(string upn) => Store.GetDialInUserAsync(upn, CancellationToken.None);
        public Task<IReadOnlyList<DialInUser>> Users() => Store.GetDialInUsersAsync(CancellationToken.None);
        public Task<IReadOnlyList<MigrationRequest>> Requests() => Store.QueryAsync(new MigrationStatusQuery(), CancellationToken.None);

        /// <summary>Everything an import can change, as text: equal snapshots mean nothing was written.</summary>
        public async Task<string> Snapshot()
        {
            var users = (await Users()).Select(u => System.Text.Json.JsonSerializer.Serialize(u));
            var requests = (await Requests()).Select(r => System.Text.Json.JsonSerializer.Serialize(r));
            return string.Join("\n", users.Concat(new[] { "--" }).Concat(requests));
        }

        public void Dispose() => _file.Dispose();

        /// <summary>Reports on the importer's thread, so the lists are complete when the import returns.</summary>
        private sealed class Synchronous : IProgress<DialInUserImportProgress>
        {
            private readonly Action<DialInUserImportProgress> _report;
            public Synchronous(Action<DialInUserImportProgress> report) => _report = report;
            public void Report(DialInUserImportProgress value) => _report(value);
        }
    }
}
