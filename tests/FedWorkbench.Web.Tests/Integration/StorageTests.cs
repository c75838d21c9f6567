using System.Net;
using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class StorageTests
{
    private const string InitialMigration = "20261204203359_InitialCreate";
    private const string LossesMigration = "20261204211507_AllowUndefinedLosses";
    private const string SystemMetricsMigration = "20261204223418_AddRoundSystemMetricsAndPartitions";
    private const string PrivacyMigration = "20261204234230_AddRoundPrivacyMetrics";
    private const string RoomsMigration = "20261205010434_AddRoomsAndBoards";
    private const string GroupAccuracyMigration = "20261205013731_AddRoundGroupAccuracy";
    private const string FacilitationMigration = "20261205032856_AddFacilitationAndCheckpoints";
    private const string TablesMigration = "20261205195602_AddTablesModelsAndBaselines";
    private const string LatestMigration = "20261205221206_AddRunModelFeatureRecipes";

    [Fact]
    public async Task Startup_CreatesMigratedSqliteFileInWalMode()
    {
        using var folder = new TestDataFolder();
        Assert.False(Directory.Exists(folder.Path));

        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            using HttpClient client = factory.CreateClient();
            using HttpResponseMessage response = await client.GetAsync("/api/runs");
            response.EnsureSuccessStatusCode();
        }

        Assert.True(File.Exists(folder.DatabasePath));
        await using var connection = new SqliteConnection($"Data Source={folder.DatabasePath}");
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(
            $"{InitialMigration},{LossesMigration},{SystemMetricsMigration},{PrivacyMigration},{RoomsMigration},{GroupAccuracyMigration},{FacilitationMigration},{TablesMigration},{LatestMigration}",
            await ScalarAsync(connection, "SELECT group_concat(MigrationId, ',') FROM (SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId);"));
        foreach (string table in new[] { "Experiments", "Runs", "Rounds", "RunPartitions", "Rooms", "Boards", "BoardElements", "BoardOperations", "DataTables", "RunModels", "Baselines" })
        {
            Assert.Equal(table, await ScalarAsync(connection, $"SELECT name FROM sqlite_master WHERE type = 'table' AND name = '{table}';"));
        }
    }

    [Fact]
    public async Task StoreWarmUps_WriteNothing()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        (await client.GetAsync("/api/runs")).EnsureSuccessStatusCode();
        RunStore store = factory.Services.GetRequiredService<RunStore>();
        await using var connection = new SqliteConnection($"Data Source={folder.DatabasePath}");
        await connection.OpenAsync();

        await store.WarmUpQueriesAsync(CancellationToken.None);
        await RunStore.WarmUpWritesAsync(TimeProvider.System, CancellationToken.None);

        Assert.Equal("0", await ScalarAsync(connection, "SELECT count(*) FROM Runs;"));
        Assert.Equal("0", await ScalarAsync(connection, "SELECT count(*) FROM Experiments;"));
    }

    [Fact]
    public async Task Restart_KeepsCompletedRunAndRounds()
    {
        using var folder = new TestDataFolder();
        Guid runId;
        RunDetails before;
        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            using HttpClient client = factory.CreateClient();
            runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 3));
            before = await RunApi.WaitForEndAsync(client, runId);
        }

        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            using HttpClient client = factory.CreateClient();
            RunDetails after = await RunApi.GetAsync(client, runId);

            Assert.Equal(RunStatus.Completed, before.Summary.Status);
            Assert.Equal(before.Summary, after.Summary);
            Assert.Equal(before.Rounds, after.Rounds);
            Assert.Equal(3, after.Rounds.Count);
            Assert.NotNull(before.Partition);
            Assert.Equal(10, before.Partition.ClientSizes.Length);
            PartitionAssert.Equal(before.Partition, after.Partition);
        }
    }

    [Fact]
    public async Task Restart_KeepsNewRoundValuesAndLargePartition()
    {
        // Arrange: non-default values for every new field, and 10,000 clients by 10 labels.
        using var folder = new TestDataFolder();
        RoundMetrics metrics = new(1, 0.5, 1.25, 1.5, SampledClients: 12, AggregatedClients: 7, TrainedSamples: 4_200, RoundSeconds: 0.25, ElapsedSeconds: 0.5)
        {
            RejectedClients = 2,
            ReportedClients = 9,
            DroppedClients = 3,
            MaliciousClients = 1,
            BytesDown = 3_000_000_000L,
            BytesUp = 123_456,
            SimulatedSeconds = 42.125,
            ClientAccuracyClients = 9,
            ClientAccuracyMean = 0.625,
            ClientAccuracyStd = 0.0625,
            ClientAccuracyWorst10 = 0.25,
            GlobalModelKeptReason = "Every reported update was rejected, so the global model was kept.",
        };
        RoundMetrics undefined = new(2, 0.5, null, null, 12, 0, 0, 0.25, 0.75) { ReportedClients = 0, DroppedClients = 12 };
        PartitionStatistics partition = LargePartition(clients: 10_000, classCount: 10);
        Guid runId;
        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            RunStore store = factory.Services.GetRequiredService<RunStore>();
            runId = await store.CreateQueuedRunAsync(new ExperimentConfig { Dataset = DatasetKind.Synthetic, Rounds = 2 }, origin: null, CancellationToken.None);
            await store.StorePartitionAsync(runId, partition, CancellationToken.None);
            await store.AddRoundAsync(runId, metrics, CheckpointAfter(metrics), checkpointSkippedReason: null, CancellationToken.None);
            await store.AddRoundAsync(runId, undefined, CheckpointAfter(undefined), checkpointSkippedReason: null, CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();

        // Act
        RunDetails details;
        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            using HttpClient client = factory.CreateClient();
            details = await RunApi.GetAsync(client, runId);
        }

        // Assert: the run was left queued, so the restart marks it Interrupted and keeps everything it stored.
        Assert.Equal(RunStatus.Interrupted, details.Summary.Status);
        Assert.Equal([metrics, undefined], details.Rounds);
        PartitionAssert.Equal(partition, details.Partition);
    }

    [Fact]
    public async Task Restart_KeepsPrivacyRoundValues()
    {
        // Arrange: a bounded ε with a masked-update sample, an unbounded ε, and a round without privacy values.
        using var folder = new TestDataFolder();
        RoundMetrics bounded = new(1, 0.5, 1.25, 1.5, SampledClients: 10, AggregatedClients: 10, TrainedSamples: 4_200, RoundSeconds: 0.25, ElapsedSeconds: 0.5)
        {
            ReportedClients = 10,
            Epsilon = 0.734375,
            ClipNorm = 0.8125,
            ClippedFraction = 0.3,
            SecureAggregationBytes = 5_000_000_123L,
            SecureAggregationSeconds = 0.0625,
            MaskedUpdate = new MaskedUpdateValues(7, [0.125, -0.5, null, 3e-8], [0u, 1u, 4_294_967_295u, 2_147_483_648u]),
        };
        RoundMetrics unbounded = new(2, 0.5, 1.25, 1.5, 10, 10, 4_200, 0.25, 0.75)
        {
            ReportedClients = 10,
            EpsilonUnbounded = true,
            ClipNorm = 1.0,
            ClippedFraction = 0,
        };
        RoundMetrics withoutPrivacy = new(3, 0.5, 1.25, 1.5, 10, 10, 4_200, 0.25, 1.0) { ReportedClients = 10 };
        Guid runId;
        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            RunStore store = factory.Services.GetRequiredService<RunStore>();
            runId = await store.CreateQueuedRunAsync(new ExperimentConfig { Dataset = DatasetKind.Synthetic, Rounds = 3 }, origin: null, CancellationToken.None);
            await store.AddRoundAsync(runId, bounded, CheckpointAfter(bounded), checkpointSkippedReason: null, CancellationToken.None);
            await store.AddRoundAsync(runId, unbounded, CheckpointAfter(unbounded), checkpointSkippedReason: null, CancellationToken.None);
            await store.AddRoundAsync(runId, withoutPrivacy, CheckpointAfter(withoutPrivacy), checkpointSkippedReason: null, CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();

        // Act
        RunDetails details;
        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            using HttpClient client = factory.CreateClient();
            details = await RunApi.GetAsync(client, runId);
        }

        // Assert: the rounds come back through the JSON API unchanged, the masked sample element by element.
        Assert.Equal(3, details.Rounds.Count);
        Assert.Equal(bounded, details.Rounds[0]);
        Assert.Equal(unbounded, details.Rounds[1]);
        Assert.Equal(withoutPrivacy, details.Rounds[2]);
        MaskedUpdateValues sample = Assert.IsType<MaskedUpdateValues>(details.Rounds[0].MaskedUpdate);
        Assert.Equal([0.125, -0.5, null, 3e-8], sample.Update);
        Assert.Equal([0u, 1u, 4_294_967_295u, 2_147_483_648u], sample.Masked);
        Assert.Null(details.Rounds[1].Epsilon);
        Assert.True(details.Rounds[1].EpsilonUnbounded);
        Assert.Null(details.Rounds[2].MaskedUpdate);
    }

    [Fact]
    public async Task Restart_KeepsGroupAccuracy()
    {
        // Arrange: a round with three groups, one of which has no held-out split, and a round of a run without groups.
        using var folder = new TestDataFolder();
        RoundMetrics grouped = new(1, 0.5, 1.25, 1.5, 10, 10, 4_200, 0.25, 0.5)
        {
            ReportedClients = 10,
            ClientAccuracyMean = 0.625,
            GroupAccuracy = [0.875, null, 1.0 / 3.0],
        };
        RoundMetrics withoutGroups = new(2, 0.5, 1.25, 1.5, 10, 10, 4_200, 0.25, 0.75) { ReportedClients = 10 };
        Guid runId;
        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            RunStore store = factory.Services.GetRequiredService<RunStore>();
            runId = await store.CreateQueuedRunAsync(new ExperimentConfig { Dataset = DatasetKind.Synthetic, Rounds = 2 }, origin: null, CancellationToken.None);
            await store.AddRoundAsync(runId, grouped, CheckpointAfter(grouped), checkpointSkippedReason: null, CancellationToken.None);
            await store.AddRoundAsync(runId, withoutGroups, CheckpointAfter(withoutGroups), checkpointSkippedReason: null, CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();

        // Act
        RunDetails details;
        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            using HttpClient client = factory.CreateClient();
            details = await RunApi.GetAsync(client, runId);
        }

        // Assert: the list comes back through the JSON API element by element, bit for bit, with its null.
        Assert.Equal(2, details.Rounds.Count);
        IReadOnlyList<double?> groups = Assert.IsAssignableFrom<IReadOnlyList<double?>>(details.Rounds[0].GroupAccuracy);
        Assert.Equal([0.875, null, 1.0 / 3.0], groups);
        Assert.Equal(grouped with { GroupAccuracy = null }, details.Rounds[0] with { GroupAccuracy = null });
        Assert.Null(details.Rounds[1].GroupAccuracy);
        Assert.Equal(withoutGroups, details.Rounds[1]);

        await using var connection = new SqliteConnection($"Data Source={folder.DatabasePath}");
        await connection.OpenAsync();
        Assert.Equal("[0.875,null,0.3333333333333333]", await ScalarAsync(connection, "SELECT GroupAccuracyJson FROM Rounds WHERE Round = 1;"));
        Assert.Equal("", await ScalarAsync(connection, "SELECT coalesce(GroupAccuracyJson, '') FROM Rounds WHERE Round = 2;"));
    }

    [Fact]
    public async Task Restart_MarksLeftoverRunsInterruptedAndKeepsRounds()
    {
        // Arrange: a run stopped by shutdown after 2 rounds, and a run still queued behind it.
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        Guid running;
        Guid queued;
        await using (var factory = new FedWorkbenchFactory(folder.Path, gate))
        {
            using HttpClient client = factory.CreateClient();
            running = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 10));
            gate.Release(2);
            await RunApi.WaitUntilAsync(client, running, d => d.Rounds.Count == 2, "2 rounds stored");
            queued = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 10));
        }

        // A graceful stop already marks the running run. Put it back to Running, as a killed process leaves it.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={folder.DatabasePath}"))
        {
            await connection.OpenAsync();
            Assert.Equal("Interrupted", await ScalarAsync(connection, $"SELECT Status FROM Runs WHERE Id = '{running.ToString().ToUpperInvariant()}';"));
            Assert.Equal("Queued", await ScalarAsync(connection, $"SELECT Status FROM Runs WHERE Id = '{queued.ToString().ToUpperInvariant()}';"));
            await using SqliteCommand update = connection.CreateCommand();
            update.CommandText = $"UPDATE Runs SET Status = 'Running', FinishedAt = NULL WHERE Id = '{running.ToString().ToUpperInvariant()}';";
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        SqliteConnection.ClearAllPools();

        // Act
        await using (var factory = new FedWorkbenchFactory(folder.Path, gate))
        {
            using HttpClient client = factory.CreateClient();
            RunDetails wasRunning = await RunApi.GetAsync(client, running);
            RunDetails wasQueued = await RunApi.GetAsync(client, queued);

            // Assert
            Assert.Equal(RunStatus.Interrupted, wasRunning.Summary.Status);
            Assert.Equal([1, 2], wasRunning.Rounds.Select(r => r.Round));
            Assert.Equal(2, wasRunning.Summary.CompletedRounds);
            Assert.NotNull(wasRunning.Summary.FinishedAt);
            Assert.Equal(RunStatus.Interrupted, wasQueued.Summary.Status);
            Assert.Null(wasQueued.Summary.QueuePosition);
            Assert.Empty(wasQueued.Rounds);
        }
    }

    [Fact]
    public async Task Startup_UpgradesInitialSchemaKeepingRows()
    {
        // Arrange: a database at the first migration, whose loss columns are NOT NULL, with one stored round.
        using var folder = new TestDataFolder();
        Directory.CreateDirectory(folder.Path);
        DbContextOptions<FedWorkbenchDbContext> options = new DbContextOptionsBuilder<FedWorkbenchDbContext>()
            .UseSqlite($"Data Source={folder.DatabasePath}")
            .Options;
        await using (var context = new FedWorkbenchDbContext(options))
        {
            await context.GetService<IMigrator>().MigrateAsync(InitialMigration);
        }

        Guid experimentId = Guid.NewGuid();
        Guid runId = Guid.NewGuid();
        var time = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        long storedTime = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(time)!;
        string config = ExperimentJson.Serialize(new ExperimentConfig { Name = "before upgrade", Dataset = DatasetKind.Synthetic, Rounds = 1 });
        await using (var connection = new SqliteConnection($"Data Source={folder.DatabasePath}"))
        {
            await connection.OpenAsync();
            Assert.Equal("1", await ScalarAsync(connection, "SELECT \"notnull\" FROM pragma_table_info('Rounds') WHERE name = 'TrainLoss';"));
            await using SqliteCommand insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO Experiments (Id, Name, ConfigJson, CreatedAt) VALUES ($experiment, 'before upgrade', $config, $time);
                INSERT INTO Runs (Id, ExperimentId, Status, CreatedAt, StartedAt, FinishedAt, TotalRounds, CompletedRounds, BestAccuracy, Error)
                    VALUES ($run, $experiment, 'Completed', $time, $time, $time, 1, 1, 0.75, NULL);
                INSERT INTO Rounds (RunId, Round, TestAccuracy, TestLoss, TrainLoss, SampledClients, AggregatedClients, TrainedSamples, RoundSeconds, ElapsedSeconds)
                    VALUES ($run, 1, 0.75, 0.5, 0.625, 5, 4, 3000, 0.25, 0.5);
                """;
            insert.Parameters.AddWithValue("$experiment", experimentId.ToString().ToUpperInvariant());
            insert.Parameters.AddWithValue("$run", runId.ToString().ToUpperInvariant());
            insert.Parameters.AddWithValue("$config", config);
            insert.Parameters.AddWithValue("$time", storedTime);
            Assert.Equal(3, await insert.ExecuteNonQueryAsync());
        }

        SqliteConnection.ClearAllPools();

        // Act
        RunDetails details;
        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            using HttpClient client = factory.CreateClient();
            details = await RunApi.GetAsync(client, runId);
        }

        // Assert: the round reads back unchanged with defaults for the newer values, and the loss columns now accept null.
        Assert.Equal(RunStatus.Completed, details.Summary.Status);
        Assert.Equal("before upgrade", details.Summary.Name);
        Assert.Equal(time, details.Summary.CreatedAt);
        Assert.Equal(0.75, details.Summary.BestAccuracy);
        RoundMetrics round = Assert.Single(details.Rounds);
        Assert.Equal(new RoundMetrics(1, 0.75, 0.5, 0.625, 5, 4, 3000, 0.25, 0.5) { ReportedClients = 5, RejectedClients = 1 }, round);
        Assert.Null(round.BytesUp);
        Assert.Null(round.SimulatedSeconds);
        Assert.Null(round.ClientAccuracyMean);
        Assert.Null(round.GroupAccuracy);
        Assert.Null(details.Partition);

        SqliteConnection.ClearAllPools();
        await using var upgraded = new SqliteConnection($"Data Source={folder.DatabasePath}");
        await upgraded.OpenAsync();
        Assert.Equal(LatestMigration, await ScalarAsync(upgraded, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1;"));
        Assert.Equal("0", await ScalarAsync(upgraded, "SELECT \"notnull\" FROM pragma_table_info('Rounds') WHERE name = 'TrainLoss';"));
        Assert.Equal("0", await ScalarAsync(upgraded, "SELECT \"notnull\" FROM pragma_table_info('Rounds') WHERE name = 'TestLoss';"));
        Assert.Equal("IX_Rounds_RunId_Round", await ScalarAsync(upgraded, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Rounds';"));
    }

    [Fact]
    public async Task LockedDatabase_LaunchReturns503()
    {
        // Arrange: another connection holds the write lock, as a second process with BEGIN EXCLUSIVE would.
        using var folder = new TestDataFolder();
        var settings = new Dictionary<string, string> { ["Storage:BusyTimeoutMilliseconds"] = "200" };
        await using var factory = new FedWorkbenchFactory(folder.Path, settings: settings);
        using HttpClient client = factory.CreateClient();
        (await client.GetAsync("/api/runs")).EnsureSuccessStatusCode();
        await using var locker = new SqliteConnection($"Data Source={folder.DatabasePath};Pooling=False");
        await locker.OpenAsync();
        await using (SqliteCommand begin = locker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
        }

        // Act
        using HttpResponseMessage response = await RunApi.PostExperimentAsync(client, RunApi.SyntheticExperiment(rounds: 1));

        // Assert
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"POST /api/runs returned {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        ProblemDetails? problem = JsonSerializer.Deserialize<ProblemDetails>(body, RunApi.JsonOptions);
        Assert.Equal("The database is busy; try again in a few seconds.", problem?.Title);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);

        // Once the lock is released, launching works again.
        await using (SqliteCommand rollback = locker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 1));
        Assert.Equal(RunStatus.Completed, (await RunApi.WaitForEndAsync(client, runId)).Summary.Status);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(200, 1)]
    [InlineData(5_000, 5)]
    [InlineData(5_001, 6)]
    public void CommandTimeout_IsBusyTimeoutRoundedUp(int busyTimeoutMilliseconds, int expectedSeconds)
    {
        var options = new StorageOptions { DataFolder = "data", BusyTimeoutMilliseconds = busyTimeoutMilliseconds };

        var connection = new SqliteConnectionStringBuilder(options.ConnectionString);

        Assert.Equal(expectedSeconds, options.CommandTimeoutSeconds);
        Assert.Equal(expectedSeconds, connection.DefaultTimeout);
        Assert.Equal(options.DatabasePath, connection.DataSource);
    }

    // Client k has (k mod 7) + 1 samples of each label below (k mod 10) + 1, and none of the others.
    // A stand-in engine state: the store keeps it as bytes and never reads it.
    private static EngineCheckpoint CheckpointAfter(RoundMetrics metrics) => new(metrics.Round, metrics.ElapsedSeconds, [1, 2, 3]);

    private static PartitionStatistics LargePartition(int clients, int classCount)
    {
        var labelCounts = new int[clients][];
        for (int client = 0; client < clients; client++)
        {
            labelCounts[client] = new int[classCount];
            for (int label = 0; label <= client % classCount; label++)
            {
                labelCounts[client][label] = (client % 7) + 1;
            }
        }

        int[] sizes = [.. labelCounts.Select(counts => counts.Sum())];
        int[] heldOut = [.. Enumerable.Range(0, clients).Select(client => client % 3)];
        return new PartitionStatistics(classCount, sizes, heldOut, labelCounts, LabelSkew: 0.4375);
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
