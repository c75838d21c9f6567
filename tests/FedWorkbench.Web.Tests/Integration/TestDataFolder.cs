using Microsoft.Data.Sqlite;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>A fresh temporary folder for one test's database, deleted on dispose.</summary>
internal sealed class TestDataFolder : IDisposable
{
    public TestDataFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fedworkbench-tests", Guid.NewGuid().ToString("N"));
    }

    /// <summary>Absolute path of the folder; the app creates it at start-up.</summary>
    public string Path { get; }

    /// <summary>Path of the database file the app keeps in the folder by default.</summary>
    public string DatabasePath => System.IO.Path.Combine(Path, "fedworkbench.db");

    public void Dispose()
    {
        // Pooled connections keep the file open; release them so the folder can be deleted.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
