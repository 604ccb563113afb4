namespace MeetingMigration.Reliability.Scenarios;

/// <summary>A fresh folder for one run's tenant file and store, removed afterwards unless the run failed (then kept for a look).</summary>
public sealed class WorkDirectory : IDisposable
{
    public WorkDirectory(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mm-reliability-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }
    public bool Keep { get; set; }
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Keep) return;
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
