using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Tests.Integration;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>
/// Kills the published app with SIGKILL during a run and during board edits, starts it again on the same data
/// folder, and checks that nothing acknowledged was lost and that the run resumes to the same metrics.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultTests
{
    private const int Rounds = 12;
    private const int RoundsBeforeKill = 3;

    // Fashion-MNIST with a 784-100-10 perceptron, K = 20 and C = 0.2: four clients of 3,000 images train two epochs
    // per round, so a round takes long enough to kill the app between two rounds and the run still ends within a minute.
    private const string Experiment = """
        {
          "name": "fault test",
          "dataset": "fashion-mnist",
          "model": "mlp",
          "hiddenLayers": [100],
          "clients": 20,
          "clientFraction": 0.2,
          "localEpochs": 2,
          "batchSize": 20,
          "learningRate": 0.05,
          "rounds": 12,
          "seed": 11
        }
        """;

    [Fact]
    public async Task KilledDuringRun_KeepsRoundsAndResumesToSameMetrics()
    {
        // Arrange
        using var folder = new TestDataFolder();
        Directory.CreateDirectory(folder.Path);
        Guid runId;
        RunDetails reported;
        await using (PublishedAppProcess first = await PublishedAppProcess.StartAsync(folder.Path))
        {
            using HttpClient client = Client(first);
            runId = await RunApi.LaunchAsync(client, Experiment);

            // Act: kill right after the API has reported at least three stored rounds.
            reported = await RunApi.WaitUntilAsync(client, runId, d => d.Rounds.Count >= RoundsBeforeKill || !IsActive(d), $"{RoundsBeforeKill} rounds");
            await first.KillAsync();
        }

        Assert.True(reported.Rounds.Count < Rounds,
            $"The run finished all {Rounds} rounds before the kill; make the experiment slower so the kill lands mid-run.");

        await using PublishedAppProcess second = await PublishedAppProcess.StartAsync(folder.Path);
        using HttpClient restarted = Client(second);
        RunDetails afterRestart = await RunApi.GetAsync(restarted, runId);

        // Assert: every round reported before the kill is still stored, unchanged.
        Assert.Equal(RunStatus.Interrupted, afterRestart.Summary.Status);
        Assert.True(afterRestart.Summary.CanResume, $"The run cannot be resumed: {afterRestart.Summary.Error}");
        Assert.True(afterRestart.Rounds.Count >= reported.Rounds.Count,
            $"{reported.Rounds.Count} rounds were reported before the kill, but only {afterRestart.Rounds.Count} are stored.");
        Assert.Equal(reported.Rounds, afterRestart.Rounds.Take(reported.Rounds.Count));

        // Act: resume, then run the same experiment without interruption.
        using HttpResponseMessage resume = await restarted.PostAsync($"/api/runs/{runId}/resume", content: null);
        Assert.True(resume.StatusCode == HttpStatusCode.Accepted, await resume.Content.ReadAsStringAsync());
        RunDetails resumed = await RunApi.WaitForEndAsync(restarted, runId);
        Guid referenceId = await RunApi.LaunchAsync(restarted, Experiment);
        RunDetails reference = await RunApi.WaitForEndAsync(restarted, referenceId);

        // Assert: the resumed run kept its rounds and ends with the uninterrupted run's metrics, timings excepted.
        Assert.Equal(RunStatus.Completed, resumed.Summary.Status);
        Assert.Equal(RunStatus.Completed, reference.Summary.Status);
        Assert.Equal(afterRestart.Rounds, resumed.Rounds.Take(afterRestart.Rounds.Count));
        Assert.Equal(Enumerable.Range(1, Rounds), resumed.Rounds.Select(r => r.Round));
        Assert.Equal(Enumerable.Range(1, Rounds), reference.Rounds.Select(r => r.Round));
        for (int i = 0; i < Rounds; i++)
        {
            Assert.Equal(WithoutTimings(reference.Rounds[i]), WithoutTimings(resumed.Rounds[i]));
        }
    }

    [Fact]
    public async Task KilledDuringBoardEdits_KeepsEveryAcknowledgedOperation()
    {
        // Arrange
        const int AcknowledgedBeforeKill = 60;
        using var folder = new TestDataFolder();
        Directory.CreateDirectory(folder.Path);
        CreateRoomResponse room;
        var acknowledged = new ConcurrentQueue<Edit>();
        await using (PublishedAppProcess first = await PublishedAppProcess.StartAsync(folder.Path))
        {
            using HttpClient client = Client(first);
            room = await BoardRooms.CreateAsync(client, "Fault test room");
            await using HubConnection connection = new HubConnectionBuilder()
                .WithUrl(new Uri(first.BaseAddress, "/hubs/board"), options => options.Transports = HttpTransportType.WebSockets)
                .Build();
            await connection.StartAsync();
            JoinBoardResult join = await connection.InvokeAsync<JoinBoardResult>(
                "JoinBoard", new JoinBoardRequest(room.Code, room.BoardId, "fault-test-client-token", "Fault test"));
            long version = join.Snapshot?.Version ?? 0;

            // Act: send edits one after another until the connection breaks; kill once enough are acknowledged.
            using var enough = new SemaphoreSlim(0);
            Task sender = SendUntilBrokenAsync(connection, version, acknowledged, AcknowledgedBeforeKill, enough);
            using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
            await enough.WaitAsync(timeout.Token);
            await first.KillAsync();
            await sender;
        }

        await using PublishedAppProcess second = await PublishedAppProcess.StartAsync(folder.Path);
        using HttpClient restarted = Client(second);
        BoardDocument? board = await restarted.GetFromJsonAsync<BoardDocument>($"/api/rooms/{room.Code}/boards/{room.BoardId}");

        // Assert: the effect of every acknowledged edit is stored.
        Assert.NotNull(board);
        Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"Only {acknowledged.Count} edits were acknowledged.");
        Dictionary<string, BoardElement> elements = board.Elements.ToDictionary(e => e.Id, StringComparer.Ordinal);
        foreach (Edit edit in acknowledged)
        {
            Assert.True(elements.TryGetValue(edit.ElementId, out BoardElement? element),
                $"Acknowledged edit {edit.Number} created {edit.ElementId}, which is missing after the restart.");
            Assert.Equal(edit.Text, element.Props["text"].GetString());
            if (edit.X is double x)
            {
                Assert.Equal(x, element.Props["x"].GetDouble());
            }
        }
    }

    // Even edits create note n{i}; odd edits move the note just created. So no element is changed after an
    // acknowledged move, and the effect of a create (the note and its text) stays whatever happened to later edits.
    private static async Task SendUntilBrokenAsync(
        HubConnection connection, long version, ConcurrentQueue<Edit> acknowledged, int signalAfter, SemaphoreSlim enough)
    {
        for (int number = 0; ; number++)
        {
            int note = number / 2;
            string id = $"n{note}";
            bool create = number % 2 == 0;
            BoardChange change = create
                ? BoardRooms.CreateNote(id, x: 0, y: note, text: $"note {note}")
                : BoardRooms.Set(id, "x", note * 10.0);
            OperationResult result;
            try
            {
                result = await connection.InvokeAsync<OperationResult>("ApplyOperation", new BoardOperation($"fault-{number}", version, [change]));
            }
            catch (Exception ex) when (ex is HubException or InvalidOperationException or IOException or OperationCanceledException
                or System.Net.WebSockets.WebSocketException)
            {
                // The server was killed; edits without an acknowledgement may or may not be stored.
                enough.Release();
                return;
            }

            Assert.Equal(OperationResult.Applied, result.Status);
            version = result.Version;
            if (create)
            {
                acknowledged.Enqueue(new Edit(number, id, $"note {note}", X: null));
            }
            else
            {
                // The move replaces the create's record for this note, with the same text and the new position.
                acknowledged.Enqueue(new Edit(number, id, $"note {note}", note * 10.0));
            }

            if (acknowledged.Count == signalAfter)
            {
                enough.Release();
            }
        }
    }

    private static HttpClient Client(PublishedAppProcess app) => new() { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private static bool IsActive(RunDetails details) => details.Summary.Status is RunStatus.Queued or RunStatus.Running;

    private static RoundMetrics WithoutTimings(RoundMetrics metrics) =>
        metrics with { RoundSeconds = 0, ElapsedSeconds = 0, SecureAggregationSeconds = 0 };

    private sealed record Edit(int Number, string ElementId, string Text, double? X);
}

/// <summary>The fault tests kill and restart servers on the same ports, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection
{
    /// <summary>Name of the collection.</summary>
    public const string Name = "Fault";
}
