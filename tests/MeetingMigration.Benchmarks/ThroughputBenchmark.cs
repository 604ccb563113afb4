using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Sandbox;
using MeetingMigration.Sandbox.Seeding;

namespace MeetingMigration.Benchmarks;

internal sealed record ThroughputResult(
    string Request, int Connections, int Mailboxes, double Seconds, long Requests, long Failed, long Throttled,
    double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds, long ResponseBytes,
    double CpuMicrosecondsPerRequest, string LoadAverage)
{
    /// <summary>
    /// What the machine's cores could serve if nothing else ran: cores / CPU time per request (client included).
    /// Independent of other processes competing for the cores, unlike <see cref="RequestsPerSecond"/>.
    /// </summary>
    public double CpuBoundRequestsPerSecond => CpuMicrosecondsPerRequest <= 0 ? 0 : Environment.ProcessorCount * 1e6 / CpuMicrosecondsPerRequest;
}

/// <summary>
/// Simple-request throughput of an in-process sandbox with faults off and Exchange's default limits.
/// Each connection owns a disjoint set of mailboxes and has one request in flight, so no mailbox ever
/// sees more than one concurrent request (limit 4) and each gets a few hundred per run (limit 10,000
/// per 10 minutes): throttling is never the reason for a number here, and any 429 is reported.
/// Client and server share the same cores, so the figure is a lower bound for the server.
/// </summary>
internal static class ThroughputBenchmark
{
    public sealed record Target(Guid UserId, string EventId);

    public static async Task<(SandboxServer Server, List<Target> Targets)> StartSeededAsync(int users, int meetingsPerUser)
    {
        var server = await SandboxServer.StartAsync(new SandboxOptions());
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions
        {
            Users = users, MeetingsPerUser = meetingsPerUser, Seed = 1, OnPremisesUserFraction = 0, // on-premises mailboxes answer 404
        });
        var targets = new List<Target>(tenant.MeetingCount);
        await new InProcessSandboxSeeder(server.State)
        {
            OnImported = (m, id) => targets.Add(new Target(tenant.FindUser(m.Mailbox)!.ObjectId, id)),
        }.SeedAsync(tenant);
        return (server, targets);
    }

    public static async Task<ThroughputResult> RunAsync(SandboxServer server, IReadOnlyList<Target> targets, string label, string query,
        int connections, TimeSpan duration, TimeSpan warmUp)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(server.GraphBaseUrl.AbsoluteUri + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "benchmark");

        // Mailbox m belongs to worker m % connections only.
        var byMailbox = targets.GroupBy(t => t.UserId).Select(g => g.ToArray()).ToArray();
        var perWorker = Enumerable.Range(0, connections)
            .Select(w => byMailbox.Where((_, i) => i % connections == w).SelectMany(x => x).Select(t => $"users/{t.UserId}/events/{t.EventId}{query}").ToArray())
            .ToArray();
        if (perWorker.Any(w => w.Length == 0)) throw new ArgumentException("More connections than mailboxes.");

        // Warm-up: connections, and above all tiered compilation. On a busy 2-core machine the background JIT needs several
        // seconds to promote the hot paths to optimized code; measuring before that reports tier-0 code (2-4x slower), not the server.
        await RunWorkersAsync(http, perWorker, warmUp);
        server.ResetStats();
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var results = await RunWorkersAsync(http, perWorker, duration);
        double seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;

        var latencies = results.SelectMany(r => r.LatencyTicks).OrderBy(t => t).ToArray();
        long requests = latencies.LongLength;
        double Percentile(double p) => latencies.Length == 0 ? 0 : latencies[(int)Math.Min(latencies.Length - 1, p * latencies.Length)] * 1000.0 / Stopwatch.Frequency;
        return new ThroughputResult(label, connections, byMailbox.Length, seconds, requests,
            results.Sum(r => r.Failed), results.Sum(r => r.Throttled), requests / seconds,
            Percentile(0.50), Percentile(0.99), results.Sum(r => r.Bytes),
            requests == 0 ? 0 : cpu.TotalMicroseconds / requests, MachineInfo.LoadAverage());
    }

    private sealed class WorkerResult
    {
        public readonly List<long> LatencyTicks = new(1 << 16);
        public long Failed;
        public long Throttled;
        public long Bytes;
    }

    private static async Task<WorkerResult[]> RunWorkersAsync(HttpClient http, string[][] perWorker, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var workers = perWorker.Select(urls => Task.Run(async () =>
        {
            var r = new WorkerResult();
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                long started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(urls[i % urls.Length], HttpCompletionOption.ResponseContentRead);
                r.LatencyTicks.Add(Stopwatch.GetTimestamp() - started);
                r.Bytes += response.Content.Headers.ContentLength ?? 0;
                if (response.StatusCode == HttpStatusCode.TooManyRequests) r.Throttled++;
                else if (response.StatusCode != HttpStatusCode.OK) r.Failed++;
            }
            return r;
        })).ToArray();
        return await Task.WhenAll(workers);
    }
}
