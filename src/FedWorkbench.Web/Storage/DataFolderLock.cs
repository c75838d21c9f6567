using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Storage;

/// <summary>
/// An exclusive lock on a file in <see cref="StorageOptions.DataFolder"/>, held for the app's lifetime, so that a
/// second FedWorkbench process cannot open the same database. Without it, a quick restart while the old process
/// is still stopping lets the old process write rounds into runs the new one has already marked Interrupted.
/// </summary>
/// <remarks>
/// On Linux, .NET takes <see cref="FileShare.None"/> as an advisory <c>flock</c>, which the kernel releases when the
/// process ends, even after SIGKILL, so a crash never leaves a stale lock behind.
/// </remarks>
public sealed class DataFolderLock(IOptions<StorageOptions> options) : IDisposable
{
    /// <summary>Name of the lock file inside the data folder.</summary>
    public const string FileName = "fedworkbench.lock";

    private FileStream? _stream;

    /// <summary>Takes the lock; returns a message for the user when another process holds it, otherwise null.</summary>
    public string? TryAcquire()
    {
        string folder = Path.GetDirectoryName(options.Value.DatabasePath)!;
        string path = Path.Combine(folder, FileName);
        try
        {
            Directory.CreateDirectory(folder);
            _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return null;
        }
        catch (IOException)
        {
            return $"Another FedWorkbench process is using the data folder {folder}. Stop it first, or set " +
                "Storage:DataFolder to another folder.";
        }
        catch (UnauthorizedAccessException)
        {
            return $"The data folder {folder} is not writable ({path} cannot be opened). Give the app's user write " +
                "access or set Storage:DataFolder to another folder.";
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
