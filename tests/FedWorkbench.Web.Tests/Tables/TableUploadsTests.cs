using System.Net;
using System.Text;
using FedWorkbench.Data;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Security;
using FedWorkbench.Web.Storage;
using FedWorkbench.Web.Tables;
using FedWorkbench.Web.Tests.EndToEnd;
using FedWorkbench.Web.Tests.Integration;
using FedWorkbench.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Tables;

/// <summary>The CSV store on a real SQLite file: reading, one copy per content, the caps and the messages.</summary>
public sealed class TableUploadsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task StoreAsync_NewFile_StoresBytesAndPreview()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        TableUploads uploads = Uploads(factory);
        byte[] bytes = Csv(rows: 25, seed: 1);

        // Act
        TableUpload upload = await uploads.StoreAsync(new MemoryStream(bytes), "sites.csv", bytes.Length);

        // Assert
        Assert.Equal(TableSourceLoader.ComputeId(bytes), upload.Id);
        Assert.Equal("sites.csv", upload.FileName);
        Assert.Equal(bytes.Length, upload.SizeBytes);
        Assert.Equal(25, upload.RowCount);
        Assert.Equal(4, upload.ColumnCount);
        Assert.Equal(',', upload.Delimiter);
        Assert.Equal(TableUploads.PreviewRowCount, upload.PreviewRows.Count);
        Assert.Equal(["site", "age", "smoker", "outcome"], upload.Columns.Select(c => c.Name));
        Assert.Equal(CsvColumnType.Numeric, upload.Columns[1].InferredType);
        Assert.Equal(CsvColumnType.Categorical, upload.Columns[0].InferredType);
        Assert.Equal(3, upload.Columns[0].DistinctCount);
        Assert.Equal(1, upload.Columns[2].MissingCount);

        DataTableEntity stored = await FindAsync(factory, upload.Id);
        Assert.Equal(bytes, stored.Bytes);
        Assert.Equal(bytes.Length, stored.SizeBytes);
        Assert.Equal(25, stored.RowCount);
        Assert.Equal(4, stored.ColumnCount);
        Assert.Equal("sites.csv", stored.FileName);
    }

    [Fact]
    public async Task StoreAsync_SameBytesAgain_RefreshesLastUsed()
    {
        // Arrange
        using var folder = new TestDataFolder();
        var clock = new ManualClock(Start);
        await using var factory = new LimitsFactory(folder.Path, time: clock);
        TableUploads uploads = Uploads(factory);
        byte[] bytes = Csv(rows: 5, seed: 2);
        TableUpload first = await uploads.StoreAsync(new MemoryStream(bytes), "first.csv", null);

        // Act
        clock.Advance(TimeSpan.FromHours(3));
        TableUpload second = await uploads.StoreAsync(new MemoryStream(bytes), "renamed.csv", null);

        // Assert: one row, the first name kept, the use time moved.
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, await CountAsync(factory));
        DataTableEntity stored = await FindAsync(factory, first.Id);
        Assert.Equal("first.csv", stored.FileName);
        Assert.Equal(Start, stored.UploadedAt);
        Assert.Equal(Start.AddHours(3), stored.LastUsedAt);
    }

    [Fact]
    public async Task StoreAsync_DeclaredTooLarge_Rejects413WithSizes()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        TableUploads uploads = Uploads(factory);

        var ex = await Assert.ThrowsAsync<TableUploadException>(
            () => uploads.StoreAsync(Stream.Null, "big.csv", 30L * 1024 * 1024));

        Assert.Equal(413, ex.StatusCode);
        Assert.Equal(
            "The file big.csv is 30 MiB (31,457,280 bytes), and the limit for a CSV file is 20 MiB (20,971,520 bytes). "
            + "Remove rows or columns you do not need, then upload it again.",
            ex.Message);
        Assert.Equal(0, await CountAsync(factory));
    }

    [Fact]
    public async Task StoreAsync_UndeclaredTooLarge_StopsAfterLimit()
    {
        // Arrange: a stream without a length that goes past the limit.
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        TableUploads uploads = Uploads(factory);
        var content = new MemoryStream(new byte[CsvLimits.MaxFileBytes + 1]);

        // Act
        var ex = await Assert.ThrowsAsync<TableUploadException>(() => uploads.StoreAsync(content, "big.csv", null));

        // Assert
        Assert.Equal(413, ex.StatusCode);
        Assert.Contains("The file big.csv is larger than that, and the limit for a CSV file is 20 MiB", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(factory));
    }

    [Fact]
    public async Task StoreAsync_RaggedRow_Rejects400NamingLine()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        TableUploads uploads = Uploads(factory);
        byte[] bytes = Encoding.UTF8.GetBytes("site,age,outcome\nA,30,home\nB,41\n");

        var ex = await Assert.ThrowsAsync<TableUploadException>(() => uploads.StoreAsync(new MemoryStream(bytes), "ragged.csv", null));

        Assert.Equal(400, ex.StatusCode);
        Assert.StartsWith("The file ragged.csv cannot be used: Line 3", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(factory));
        Assert.Contains(factory.LogLines, line => line.Contains("[272]", StringComparison.Ordinal) && line.Contains("ragged.csv", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(@"C:\Users\ana\Desktop\sites.csv", "sites.csv")]
    [InlineData("/home/ana/sites.csv", "sites.csv")]
    [InlineData("  sites 2026.csv ", "sites 2026.csv")]
    public void CleanFileName_KeepsLastPathPart(string fileName, string expected) =>
        Assert.Equal(expected, TableUploads.CleanFileName(fileName));

    [Theory]
    [InlineData(null, "The file name is missing.")]
    [InlineData("folder/", "The file name is missing.")]
    [InlineData("a\nb.csv", "The file name contains the invisible character U+000A at position 2")]
    [InlineData("a\u202Evsc.csv", "The file name contains the invisible character U+202E at position 2")]
    public void CleanFileName_InvalidName_Rejects400(string? fileName, string expected)
    {
        var ex = Assert.Throws<TableUploadException>(() => TableUploads.CleanFileName(fileName));

        Assert.Equal(400, ex.StatusCode);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CleanFileName_TooLong_Rejects()
    {
        var ex = Assert.Throws<TableUploadException>(() => TableUploads.CleanFileName(new string('a', 201) + ".csv"));

        Assert.Equal("The file name is 205 characters long; the limit is 200. Rename the file with a shorter name.", ex.Message);
    }

    [Fact]
    public async Task StoreAsync_OverTableCap_RemovesIdleFile()
    {
        // Arrange: three files used in the order a, b, c; a queued run trains on a, the oldest.
        using var folder = new TestDataFolder();
        var clock = new ManualClock(Start);
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["Tables:MaxStoredTables"] = "3" }, time: clock);
        TableUploads uploads = Uploads(factory);
        TableUpload a = await StoreAsync(uploads, clock, seed: 10);
        TableUpload b = await StoreAsync(uploads, clock, seed: 11);
        TableUpload c = await StoreAsync(uploads, clock, seed: 12);
        await AddRunAsync(factory, a.Id, RunStatus.Queued);

        // Act
        TableUpload d = await StoreAsync(uploads, clock, seed: 13);

        // Assert: b, the least recently used file that no active run names, made room.
        string[] ids = await IdsAsync(factory);
        Assert.Equal(3, ids.Length);
        Assert.Contains(a.Id, ids);
        Assert.DoesNotContain(b.Id, ids);
        Assert.Contains(c.Id, ids);
        Assert.Contains(d.Id, ids);
        Assert.Contains(factory.LogLines, line => line.Contains("[273]", StringComparison.Ordinal) && line.Contains(b.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoreAsync_QueuedBaselineFile_IsKept()
    {
        // Arrange: a's run has completed, but one of its baselines still waits for a; b is newer and unused.
        using var folder = new TestDataFolder();
        var clock = new ManualClock(Start);
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["Tables:MaxStoredTables"] = "2" }, time: clock);
        TableUploads uploads = Uploads(factory);
        TableUpload a = await StoreAsync(uploads, clock, seed: 14);
        TableUpload b = await StoreAsync(uploads, clock, seed: 15);
        await AddRunAsync(factory, a.Id, RunStatus.Completed);
        IDbContextFactory<FedWorkbenchDbContext> contexts = factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>();
        await using (FedWorkbenchDbContext context = await contexts.CreateDbContextAsync())
        {
            context.Baselines.Add(new BaselineEntity
            {
                Key = "k1",
                KeyText = $"light-gbm|table:{a.Id}:42:outcome//*/0.2/",
                Kind = "light-gbm",
                Status = BaselineStatus.Queued,
                CreatedAt = Start,
            });
            await context.SaveChangesAsync();
        }

        // Act
        TableUpload c = await StoreAsync(uploads, clock, seed: 16);

        // Assert: b made room, although a was used less recently.
        string[] ids = await IdsAsync(factory);
        Assert.Contains(a.Id, ids);
        Assert.DoesNotContain(b.Id, ids);
        Assert.Contains(c.Id, ids);
    }

    [Fact]
    public async Task StoreAsync_FinishedRunFile_CanBeRemoved()
    {
        // Arrange: the only stored file belongs to a completed run, which no longer needs it.
        using var folder = new TestDataFolder();
        var clock = new ManualClock(Start);
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["Tables:MaxStoredTables"] = "1" }, time: clock);
        TableUploads uploads = Uploads(factory);
        TableUpload old = await StoreAsync(uploads, clock, seed: 20);
        await AddRunAsync(factory, old.Id, RunStatus.Completed);

        // Act
        TableUpload replacement = await StoreAsync(uploads, clock, seed: 21);

        // Assert
        Assert.Equal([replacement.Id], await IdsAsync(factory));
    }

    [Fact]
    public async Task StoreAsync_AllFilesInUse_Rejects507()
    {
        // Arrange: the cap is reached, and a running run trains on the only stored file.
        using var folder = new TestDataFolder();
        var clock = new ManualClock(Start);
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["Tables:MaxStoredTables"] = "1" }, time: clock);
        TableUploads uploads = Uploads(factory);
        TableUpload used = await StoreAsync(uploads, clock, seed: 30);
        await AddRunAsync(factory, used.Id, RunStatus.Running);
        byte[] bytes = Csv(rows: 8, seed: 31);

        // Act
        var ex = await Assert.ThrowsAsync<TableUploadException>(() => uploads.StoreAsync(new MemoryStream(bytes), "new.csv", null));

        // Assert
        Assert.Equal(507, ex.StatusCode);
        Assert.Equal(
            "The file new.csv was not stored: this instance keeps at most 1 CSV files and 500 MiB in total "
            + "(Tables:MaxStoredTables, Tables:MaxStoredBytes), and the 1 stored files that queued or running runs and baselines use leave "
            + "no room for it. Try again when a run has finished.",
            ex.Message);
        Assert.Equal([used.Id], await IdsAsync(factory));
        Assert.Contains(factory.LogLines, line => line.Contains("[274]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoreAsync_OverUploadRate_Rejects429()
    {
        // Arrange: the limit counts uploads of the current client address.
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["RateLimits:TableUploadsPerHourPerAddress"] = "1" });
        TableUploads uploads = Uploads(factory);
        ClientAddress.Current = IPAddress.Parse("198.51.100.4");
        await uploads.StoreAsync(new MemoryStream(Csv(rows: 3, seed: 40)), "one.csv", null);

        // Act
        var ex = await Assert.ThrowsAsync<TableUploadException>(
            () => uploads.StoreAsync(new MemoryStream(Csv(rows: 3, seed: 41)), "two.csv", null));

        // Assert
        Assert.Equal(429, ex.StatusCode);
        Assert.NotNull(ex.RetryAfter);
        Assert.Contains("at most 1 CSV uploads per hour (RateLimits:TableUploadsPerHourPerAddress)", ex.Message, StringComparison.Ordinal);

        // The sample file is the instance's own and does not count.
        TableUpload sample = await uploads.StoreSampleAsync();
        Assert.Equal("hospital-discharges.csv", sample.FileName);
    }

    [Fact]
    public async Task StoreSampleAsync_StoresHospitalFile()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        TableUploads uploads = Uploads(factory);

        TableUpload sample = await uploads.StoreSampleAsync();

        Assert.Equal("hospital-discharges.csv", sample.FileName);
        Assert.Equal(2_400, sample.RowCount);
        CsvColumnProfile hospital = Assert.Single(sample.Columns, c => c.Name == "hospital");
        Assert.Equal(5, hospital.DistinctCount);
        Assert.Contains(sample.Columns, c => c.Name == "discharge_outcome");
        Assert.Equal("hospital-discharges.csv", (await FindAsync(factory, sample.Id)).FileName);
    }

    [Fact]
    public async Task FindAsync_MissingSample_StoresIt()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        TableUploads uploads = Uploads(factory);
        string sampleId = SampleId();

        // A board template names the sample before anyone chose it on this instance.
        TableUpload? found = await uploads.FindAsync(sampleId);

        Assert.NotNull(found);
        Assert.Equal(2_400, found.RowCount);
        Assert.Equal(sampleId, (await FindAsync(factory, sampleId)).Id);
        Assert.Null(await uploads.FindAsync(new string('0', TableSource.IdLength)));
    }

    [Fact]
    public async Task RestoreSampleAsync_StoresOnlyTheSample()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        TableUploads uploads = Uploads(factory);
        string sampleId = SampleId();

        await uploads.RestoreSampleAsync(new string('0', TableSource.IdLength));
        await uploads.RestoreSampleAsync(sampleId);
        await uploads.RestoreSampleAsync(sampleId);

        Assert.Equal([sampleId], await IdsAsync(factory));
    }

    private static string SampleId() =>
        TableSourceLoader.ComputeId(File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "wwwroot", TableUploads.SamplePath)));

    private static TableUploads Uploads(LimitsFactory factory)
    {
        // Starting the server migrates the database.
        _ = factory.Server;
        return factory.Services.GetRequiredService<TableUploads>();
    }

    private static async Task<TableUpload> StoreAsync(TableUploads uploads, ManualClock clock, int seed)
    {
        clock.Advance(TimeSpan.FromMinutes(1));
        byte[] bytes = Csv(rows: 6, seed);
        return await uploads.StoreAsync(new MemoryStream(bytes), $"file-{seed}.csv", bytes.Length);
    }

    /// <summary>Returns a small CSV file whose content depends on <paramref name="seed"/>, with one missing smoker value.</summary>
    private static byte[] Csv(int rows, int seed)
    {
        var text = new StringBuilder("site,age,smoker,outcome\n");
        string[] sites = ["North", "South", "East"];
        for (int row = 0; row < rows; row++)
        {
            string smoker = row == 1 ? "" : (row % 2 == 0 ? "yes" : "no");
            text.Append(sites[row % 3]).Append(',').Append(20 + ((row * 7) + seed) % 60).Append(',').Append(smoker)
                .Append(',').Append(row % 2 == 0 ? "home" : "readmitted").Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task AddRunAsync(LimitsFactory factory, string tableId, RunStatus status)
    {
        var config = new ExperimentConfig
        {
            Dataset = DatasetKind.Table,
            Table = new TableSource { Id = tableId, FileName = "file.csv", LabelColumn = "outcome" },
        };
        IDbContextFactory<FedWorkbenchDbContext> contexts = factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>();
        await using FedWorkbenchDbContext context = await contexts.CreateDbContextAsync();
        var experiment = new ExperimentEntity { Id = Guid.NewGuid(), ConfigJson = ExperimentJson.Serialize(config), CreatedAt = Start };
        context.Experiments.Add(experiment);
        context.Runs.Add(new RunEntity { Id = Guid.NewGuid(), Experiment = experiment, Status = status, CreatedAt = Start, TotalRounds = config.Rounds });
        await context.SaveChangesAsync();
    }

    private static async Task<DataTableEntity> FindAsync(LimitsFactory factory, string id)
    {
        IDbContextFactory<FedWorkbenchDbContext> contexts = factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>();
        await using FedWorkbenchDbContext context = await contexts.CreateDbContextAsync();
        return await context.DataTables.AsNoTracking().SingleAsync(t => t.Id == id);
    }

    private static async Task<int> CountAsync(LimitsFactory factory) => (await IdsAsync(factory)).Length;

    private static async Task<string[]> IdsAsync(LimitsFactory factory)
    {
        IDbContextFactory<FedWorkbenchDbContext> contexts = factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>();
        await using FedWorkbenchDbContext context = await contexts.CreateDbContextAsync();
        return await context.DataTables.Select(t => t.Id).ToArrayAsync();
    }
}
