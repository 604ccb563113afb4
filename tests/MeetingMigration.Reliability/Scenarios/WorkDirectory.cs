namespace MeetingMigration.Reliability.Scenarios;

/// <summary>
/// A fresh folder for one run's tenant file and store, removed afterwards unless the run failed (then kept for a look);
/// an interrupted run's is removed too (nothing in it is a failure to look at).
/// </summary>
public sealed class WorkDirectory : IDisposable
{
    private readonly IDisposable _atInterrupt;

    public WorkDirectory(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mm-reliability-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        _atInterrupt = InterruptCleanup.Folder(Path);
    }

    public string Path { get; }
    public bool Keep { get; set; }
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        _atInterrupt.Dispose();
        if (Keep) return;
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
