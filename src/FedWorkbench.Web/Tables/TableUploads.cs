using System.Globalization;
using FedWorkbench.Data;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Security;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Tables;

/// <summary>
/// Stores uploaded CSV files for runs to train on: checks the size, reads the file as the featurizer will, keeps one
/// copy per content (its SHA-256 id) and keeps the store within <see cref="TableOptions"/>. The experiment form and
/// <c>POST /api/tables</c> both upload through it. Register it as a singleton; all members are thread-safe.
/// </summary>
public sealed class TableUploads(
    IDbContextFactory<FedWorkbenchDbContext> contextFactory,
    IOptionsMonitor<TableOptions> options,
    AddressRateLimiter addressLimiter,
    IWebHostEnvironment environment,
    TimeProvider time,
    ILogger<TableUploads> logger)
{
    /// <summary>Path of the sample file under the web root.</summary>
    public const string SamplePath = "samples/hospital-discharges.csv";

    /// <summary>Rows of the file that an upload returns for the preview.</summary>
    public const int PreviewRowCount = 10;

    // Serializes the check of the caps, the removals and the insert, so that two uploads cannot both fit into the
    // last free space. The app is the only writer of its database (DataFolderLock).
    private readonly SemaphoreSlim _storeLock = new(1, 1);

    // Most file descriptions kept by FindAsync.
    private const int MaxDescribed = 8;

    // Descriptions of stored files by id, because each check of a board on a CSV file reads its columns. A file's bytes
    // never change under its id, and a description is a few kilobytes: the column profiles and ten rows.
    private readonly RecentItems<TableUpload> _described = new(MaxDescribed);

    // The sample's id, computed on first use; null while unknown or when the sample is missing.
    private string? _sampleId;

    /// <summary>
    /// Reads <paramref name="content"/>, at most <see cref="CsvLimits.MaxFileBytes"/>, as a CSV file and stores it,
    /// or marks it as used now when the same bytes are already stored. Takes a permit of
    /// <see cref="AddressLimit.TableUploads"/> for <see cref="ClientAddress.Current"/> first.
    /// </summary>
    /// <param name="content">The file's bytes; read to the end or one byte past the limit.</param>
    /// <param name="fileName">Name of the file, for display; a path is cut to its last part.</param>
    /// <param name="declaredLength">Length the sender announced (Content-Length, the browser's file size), or null.
    /// A file announced as too large is rejected without reading <paramref name="content"/>.</param>
    /// <param name="cancellationToken">Cancels reading and storing.</param>
    /// <exception cref="TableUploadException">The name, size or content is invalid, the address uploaded too many
    /// files, or every stored file is in use and the new one does not fit.</exception>
    public async Task<TableUpload> StoreAsync(Stream content, string? fileName, long? declaredLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string name;
        try
        {
            name = CleanFileName(fileName);
        }
        catch (TableUploadException ex)
        {
            TableLog.TableUploadRejected(logger, fileName ?? "(no name)", ex.StatusCode, ex.Message);
            throw;
        }

        AddressLimitDecision decision = addressLimiter.TryAcquire(AddressLimit.TableUploads, ClientAddress.Current);
        if (!decision.Allowed)
        {
            // The address limiter has counted and logged the rejection.
            throw new TableUploadException(decision.Message, StatusCodes.Status429TooManyRequests, decision.RetryAfter);
        }

        if (declaredLength > CsvLimits.MaxFileBytes)
        {
            throw Reject(name, StatusCodes.Status413PayloadTooLarge, TooLargeMessage(name, declaredLength));
        }

        byte[] bytes = await ReadLimitedAsync(content, cancellationToken)
            ?? throw Reject(name, StatusCodes.Status413PayloadTooLarge, TooLargeMessage(name, size: null));
        return await StoreBytesAsync(bytes, name, cancellationToken);
    }

    /// <summary>
    /// Stores the sample file <see cref="SamplePath"/> from the web root, so that a workshop can start without a
    /// file of its own. It does not count against the upload rate, because its bytes are the instance's own.
    /// </summary>
    /// <exception cref="TableUploadException">The sample is missing from this instance, or the store is full.</exception>
    public async Task<TableUpload> StoreSampleAsync(CancellationToken cancellationToken = default)
    {
        IFileInfo file = environment.WebRootFileProvider.GetFileInfo(SamplePath);
        string name = Path.GetFileName(SamplePath);
        if (!file.Exists)
        {
            throw Reject(name, StatusCodes.Status404NotFound,
                $"The sample file is missing from this instance: wwwroot/{SamplePath} was not found. Upload a CSV file of your own instead.");
        }

        await using Stream stream = file.CreateReadStream();
        byte[] bytes = await ReadLimitedAsync(stream, cancellationToken)
            ?? throw Reject(name, StatusCodes.Status413PayloadTooLarge, TooLargeMessage(name, file.Length));
        return await StoreBytesAsync(bytes, name, cancellationToken);
    }

    /// <summary>
    /// Stores the sample file again when <paramref name="id"/> is its id and it is not stored, because it was never
    /// used on this instance or was evicted, so that an experiment or board template on the sample always runs. Does
    /// nothing for any other id.
    /// </summary>
    /// <exception cref="TableUploadException">The store is full of files that queued or running runs use.</exception>
    public async Task RestoreSampleAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!await IsSampleAsync(id, cancellationToken))
        {
            return;
        }

        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await context.DataTables.AnyAsync(t => t.Id == id, cancellationToken))
        {
            await StoreSampleAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Marks the file that <paramref name="table"/> names as used now, so that eviction takes the files no run used
    /// recently first, after putting the sample back when the table names it.
    /// </summary>
    /// <exception cref="TableUploadException">The file is not stored (422), or the sample cannot be put back because the
    /// store is full of files that runs use.</exception>
    public async Task MarkUsedByRunAsync(TableSource table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        await RestoreSampleAsync(table.Id, cancellationToken);
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await MarkUsedAsync(context, table.Id, cancellationToken) == 0)
        {
            throw new TableUploadException(NotStoredMessage(table), StatusCodes.Status422UnprocessableEntity);
        }
    }

    // Sets the file's last use without loading its bytes; returns 0 when it is not stored.
    private Task<int> MarkUsedAsync(FedWorkbenchDbContext context, string id, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        return context.DataTables.Where(t => t.Id == id).ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), cancellationToken);
    }

    /// <summary>Returns the message for a run on a file that is not in the store.</summary>
    public static string NotStoredMessage(TableSource table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return $"The file {table.FileName ?? table.Id} is not stored on this instance, perhaps because newer uploads needed its room. Upload it again.";
    }

    /// <summary>Whether <paramref name="id"/> is the SHA-256 of this instance's sample file.</summary>
    private async Task<bool> IsSampleAsync(string id, CancellationToken cancellationToken)
    {
        if (_sampleId is null)
        {
            IFileInfo file = environment.WebRootFileProvider.GetFileInfo(SamplePath);
            if (!file.Exists || file.Length > CsvLimits.MaxFileBytes)
            {
                return false;
            }

            await using Stream stream = file.CreateReadStream();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            _sampleId = TableSourceLoader.ComputeId(buffer.ToArray());
        }

        return string.Equals(id, _sampleId, StringComparison.Ordinal);
    }

    /// <summary>
    /// Returns the stored file <paramref name="id"/> with its profile and first rows, and marks it as used now, or
    /// returns null when it is not stored. The experiment form and a board's data source call it for a table they
    /// name, so that the column choices can be shown again.
    /// </summary>
    /// <param name="id">The file's SHA-256.</param>
    /// <param name="markUsed">Whether the lookup counts as a use of the file; the board's checks of every edit do not.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <exception cref="TableUploadException">The stored bytes cannot be read, which only a database changed by hand can cause.</exception>
    public async Task<TableUpload?> FindAsync(string id, bool markUsed = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);

        // The name alone first: the bytes (up to 20 MiB) are read only when no description is kept.
        string? fileName = await context.DataTables.AsNoTracking().Where(t => t.Id == id).Select(t => t.FileName).FirstOrDefaultAsync(cancellationToken);
        if (fileName is null)
        {
            // A board template names the sample before anyone stored it, and eviction may have removed it.
            return await IsSampleAsync(id, cancellationToken) ? await StoreSampleAsync(cancellationToken) : null;
        }

        if (markUsed)
        {
            await MarkUsedAsync(context, id, cancellationToken);
        }

        if (_described.Find(id) is { } described)
        {
            return described with { FileName = fileName };
        }

        byte[]? bytes = await context.DataTables.AsNoTracking().Where(t => t.Id == id).Select(t => t.Bytes).FirstOrDefaultAsync(cancellationToken);
        if (bytes is null)
        {
            // Evicted between the two reads.
            return null;
        }

        try
        {
            TableUpload upload = await Task.Run(() => Describe(bytes, fileName), cancellationToken);
            _described.Add(id, upload);
            return upload;
        }
        catch (ExperimentException ex)
        {
            throw Reject(fileName, StatusCodes.Status400BadRequest, $"The stored file {fileName} cannot be read: {ex.Message}");
        }
    }

    /// <summary>
    /// Returns the name to store for <paramref name="fileName"/>: its last path part, trimmed. Throws
    /// <see cref="TableUploadException"/> (400) for a missing name, control characters or more than
    /// <see cref="TableSource.MaxNameLength"/> characters, which the experiment's validator would reject later.
    /// </summary>
    public static string CleanFileName(string? fileName)
    {
        // Browsers send a bare name, but some older ones and scripts send a whole path with either separator.
        string name = (fileName ?? string.Empty).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Trim();
        if (name.Length == 0)
        {
            throw new TableUploadException(
                "The file name is missing. Give the name of the CSV file, for example hospital-discharges.csv.",
                StatusCodes.Status400BadRequest);
        }

        if (ExperimentValidator.IndexOfHiddenCharacter(name) is int hidden and >= 0)
        {
            // Besides line breaks, a direction override such as U+202E shows the rest of the name reversed.
            throw new TableUploadException(
                $"The file name contains the invisible character U+{(int)name[hidden]:X4} at position {hidden + 1}, such as a line break " +
                "or a direction override. Rename the file with letters, digits, dots and dashes.",
                StatusCodes.Status400BadRequest);
        }

        if (name.Length > TableSource.MaxNameLength)
        {
            throw new TableUploadException(
                $"The file name is {name.Length:N0} characters long; the limit is {TableSource.MaxNameLength}. Rename the file with a shorter name.",
                StatusCodes.Status400BadRequest);
        }

        return name;
    }

    private async Task<TableUpload> StoreBytesAsync(byte[] bytes, string name, CancellationToken cancellationToken)
    {
        // Reading 20 MiB of CSV takes long enough to keep it off the caller's thread (a circuit or a request).
        TableUpload upload;
        try
        {
            upload = await Task.Run(() => Describe(bytes, name), cancellationToken);
        }
        catch (ExperimentException ex)
        {
            throw Reject(name, StatusCodes.Status400BadRequest, $"The file {name} cannot be used: {ex.Message}");
        }

        string id = upload.Id;
        await _storeLock.WaitAsync(cancellationToken);
        try
        {
            await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
            DateTimeOffset now = time.GetUtcNow();
            string? existingName = await context.DataTables.AsNoTracking().Where(t => t.Id == id).Select(t => t.FileName).FirstOrDefaultAsync(cancellationToken);
            if (existingName is not null)
            {
                // The same bytes are stored already: keep the first upload's name, which runs may show.
                await MarkUsedAsync(context, id, cancellationToken);
                TableLog.TableRefreshed(logger, id, existingName);
                _described.Add(id, upload);
                return upload;
            }

            // The removals and the insert commit together, so a failed insert keeps the files it would have replaced.
            List<StoredTable> removals = await ChooseRemovalsAsync(context, name, bytes.LongLength, cancellationToken);
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            foreach (StoredTable removal in removals)
            {
                await context.DataTables.Where(t => t.Id == removal.Id).ExecuteDeleteAsync(cancellationToken);
            }

            context.DataTables.Add(new DataTableEntity
            {
                Id = id,
                FileName = name,
                Bytes = bytes,
                SizeBytes = bytes.LongLength,
                RowCount = upload.RowCount,
                ColumnCount = upload.ColumnCount,
                UploadedAt = now,
                LastUsedAt = now,
            });
            await context.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            foreach (StoredTable removal in removals)
            {
                TableLog.TableEvicted(logger, removal.Id, removal.FileName, removal.SizeBytes, removal.LastUsedAt);
            }

            TableLog.TableStored(logger, id, name, bytes.LongLength, upload.RowCount, upload.ColumnCount);
            _described.Add(id, upload);
            return upload;
        }
        finally
        {
            _storeLock.Release();
        }
    }

    /// <summary>Reads <paramref name="bytes"/> as a CSV file; throws <see cref="ExperimentException"/> naming the line and column.</summary>
    private static TableUpload Describe(byte[] bytes, string name)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        CsvPreview preview = CsvPreview.Read(stream, rowCount: PreviewRowCount);
        return new TableUpload(
            TableSourceLoader.ComputeId(bytes),
            name,
            bytes.LongLength,
            preview.RowCount,
            preview.Columns.Count,
            preview.Delimiter,
            preview.Columns,
            preview.Rows);
    }

    /// <summary>
    /// Returns the least recently used files that no queued or running run names and that must go so that a file of
    /// <paramref name="size"/> bytes fits both caps, or throws (507) when removing all of them would not be enough.
    /// </summary>
    private async Task<List<StoredTable>> ChooseRemovalsAsync(FedWorkbenchDbContext context, string name, long size, CancellationToken cancellationToken)
    {
        TableOptions caps = options.CurrentValue;
        List<StoredTable> stored = await context.DataTables.AsNoTracking()
            .OrderBy(t => t.LastUsedAt)
            .Select(t => new StoredTable(t.Id, t.FileName, t.SizeBytes, t.LastUsedAt))
            .ToListAsync(cancellationToken);
        int count = stored.Count;
        long bytes = stored.Sum(t => t.SizeBytes);
        bool Fits() => count + 1 <= caps.MaxStoredTables && bytes + size <= caps.MaxStoredBytes;

        var removals = new List<StoredTable>();
        if (Fits())
        {
            return removals;
        }

        // A run names its table by id in its experiment's JSON. Queued and running runs are few (the queue's
        // capacity plus the concurrent runs), so their configurations are searched here rather than in SQL, and so are
        // the key texts of queued and training baselines, which can still wait for a table after its run ended.
        List<string> namingTexts = await context.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running)
            .Select(r => r.Experiment.ConfigJson)
            .ToListAsync(cancellationToken);

        namingTexts.AddRange(await context.Baselines.AsNoTracking()
            .Where(b => b.Status == BaselineStatus.Queued || b.Status == BaselineStatus.Running)
            .Select(b => b.KeyText)
            .ToListAsync(cancellationToken));
        foreach (StoredTable table in stored)
        {
            if (Fits())
            {
                return removals;
            }

            if (!namingTexts.Any(text => text.Contains(table.Id, StringComparison.Ordinal)))
            {
                removals.Add(table);
                count--;
                bytes -= table.SizeBytes;
            }
        }

        if (Fits())
        {
            return removals;
        }

        int inUse = stored.Count - removals.Count;
        TableLog.TableStoreFull(logger, name, inUse, stored.Sum(t => t.SizeBytes) - removals.Sum(t => t.SizeBytes));
        throw new TableUploadException(
            $"The file {name} was not stored: this instance keeps at most {caps.MaxStoredTables:N0} CSV files and "
            + $"{Mebibytes(caps.MaxStoredBytes)} in total ({TableOptions.SectionName}:{nameof(TableOptions.MaxStoredTables)}, "
            + $"{TableOptions.SectionName}:{nameof(TableOptions.MaxStoredBytes)}), and the {inUse:N0} stored files that queued or "
            + "running runs and baselines use leave no room for it. Try again when a run has finished.",
            StatusCodes.Status507InsufficientStorage);
    }

    /// <summary>Reads <paramref name="content"/> to the end, or returns null as soon as it passes the file limit.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81_920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > CsvLimits.MaxFileBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private TableUploadException Reject(string name, int statusCode, string message)
    {
        TableLog.TableUploadRejected(logger, name, statusCode, message);
        return new TableUploadException(message, statusCode);
    }

    private static string TooLargeMessage(string name, long? size)
    {
        string limit = $"{Mebibytes(CsvLimits.MaxFileBytes)} ({CsvLimits.MaxFileBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)";
        string actual = size is long known
            ? $"is {Mebibytes(known)} ({known.ToString("N0", CultureInfo.InvariantCulture)} bytes)"
            : "is larger than that";
        return $"The file {name} {actual}, and the limit for a CSV file is {limit}. Remove rows or columns you do not need, then upload it again.";
    }

    private static string Mebibytes(long bytes) =>
        (bytes / (1024.0 * 1024)).ToString("#,0.#", CultureInfo.InvariantCulture) + " MiB";

    private sealed record StoredTable(string Id, string FileName, long SizeBytes, DateTimeOffset LastUsedAt);
}

/// <summary>A stored CSV file and what the form needs to choose its columns.</summary>
/// <param name="Id">The lowercase hexadecimal SHA-256 of the file, which <see cref="TableSource.Id"/> names.</param>
/// <param name="FileName">Name of the file as uploaded this time.</param>
/// <param name="SizeBytes">Length of the file in bytes.</param>
/// <param name="RowCount">Data rows, header not counted.</param>
/// <param name="ColumnCount">Columns.</param>
/// <param name="Delimiter">Delimiter the file was read with.</param>
/// <param name="Columns">Profile of each column, in column order.</param>
/// <param name="PreviewRows">The first <see cref="TableUploads.PreviewRowCount"/> rows, each field as text.</param>
public sealed record TableUpload(
    string Id,
    string FileName,
    long SizeBytes,
    int RowCount,
    int ColumnCount,
    char Delimiter,
    IReadOnlyList<CsvColumnProfile> Columns,
    IReadOnlyList<IReadOnlyList<string>> PreviewRows);

/// <summary>A rejected upload, with a message for the user and the HTTP status of the API response.</summary>
public sealed class TableUploadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TableUploadException(string message, int statusCode, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>400 invalid name or content, 404 missing sample, 413 too large, 429 rate limit, 507 store full.</summary>
    public int StatusCode { get; }

    /// <summary>When a rate-limited upload may be tried again, when known.</summary>
    public TimeSpan? RetryAfter { get; }
}
