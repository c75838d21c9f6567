namespace FedWorkbench.Cli.Tests;

/// <summary>A uniquely named file in the temporary folder, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string? content = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fedwb-test-{Guid.NewGuid():N}.json");
        if (content is not null)
        {
            File.WriteAllText(Path, content);
        }
    }

    public string Path { get; }

    public void Dispose()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }
}
