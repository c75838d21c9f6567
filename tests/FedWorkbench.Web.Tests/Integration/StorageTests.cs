using FedWorkbench.Web.Runs;
using Microsoft.Data.Sqlite;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class StorageTests
{
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
        Assert.Equal("20261204203359_InitialCreate", await ScalarAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory;"));
        foreach (string table in new[] { "Experiments", "Runs", "Rounds" })
        {
            Assert.Equal(table, await ScalarAsync(connection, $"SELECT name FROM sqlite_master WHERE type = 'table' AND name = '{table}';"));
        }
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
        }
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

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
