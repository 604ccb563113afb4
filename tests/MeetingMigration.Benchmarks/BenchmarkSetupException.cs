using System;

namespace MeetingMigration.Benchmarks;

/// <summary>
/// What a benchmark needs and did not find before measuring (the repository, a built sandbox or service): printed as one
/// "error: " line with what to do, exit 2, instead of an unhandled exception's stack trace and an aborted process.
/// </summary>
internal sealed class BenchmarkSetupException(string message) : Exception(message);
