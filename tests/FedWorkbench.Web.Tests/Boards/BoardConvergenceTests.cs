using System.Text.Json;
using FedWorkbench.Web.Boards;
using static FedWorkbench.Web.Tests.Boards.BoardOps;

namespace FedWorkbench.Web.Tests.Boards;

/// <summary>
/// Simulates several participants editing one board at once: each has a replica that lags behind the server and
/// a queue of operations made on that stale view, and the server takes the queued operations in a random
/// interleaving. Every replica that applies the broadcast operations in version order must end equal to the
/// server's board.
/// </summary>
public sealed class BoardConvergenceTests
{
    private const int Seeds = 200;
    private const int StepsPerSeed = 150;

    // Low enough that some seeds reach the limit, so rejected operations and undos take part too.
    private const int MaxElements = 20;

    public static TheoryData<int> SeedBatches() => new(Enumerable.Range(0, 10));

    [Theory]
    [MemberData(nameof(SeedBatches))]
    public void RandomConcurrentEdits_Converge(int batch)
    {
        // 10 batches of 20 seeds, so that a failure names a smaller range and the runner can spread the work.
        for (int seed = batch * (Seeds / 10); seed < (batch + 1) * (Seeds / 10); seed++)
        {
            RunSeed(seed);
        }
    }

    [Fact]
    public void DifferentPropertiesOfOneElement_BothSurviveEverywhere()
    {
        var server = new BoardState(0, []);
        var log = new List<AppliedOperation>();
        Broadcast(log, server.Applied(Op("p0-o1", 0, Create("g", BoardElementTypes.ClientGroup)), "p0"));
        var replicas = new[] { new List<BoardElement>(), new List<BoardElement>(), new List<BoardElement>() };
        foreach (List<BoardElement> replica in replicas)
        {
            BoardReplica.Apply(replica, log[0]);
        }

        // Both participants have seen version 1 only when they edit.
        BoardApplyResult first = server.Applied(Op("p1-o1", 1, Set("g", ("count", 40), ("x", 10))), "p1");
        BoardApplyResult second = server.Applied(Op("p2-o1", 1, Set("g", ("dropout", 0.25), ("y", 20))), "p2");
        Broadcast(log, first);
        Broadcast(log, second);
        foreach (List<BoardElement> replica in replicas)
        {
            BoardReplica.Apply(replica, log[1]);
            BoardReplica.Apply(replica, log[2]);
        }

        Assert.Empty(first.Result.Conflicts);
        Assert.Empty(second.Result.Conflicts);
        foreach (List<BoardElement> replica in replicas)
        {
            BoardElement group = Assert.Single(replica);
            Assert.Equal("40", group.Props["count"].GetRawText());
            Assert.Equal("10", group.Props["x"].GetRawText());
            Assert.Equal("0.25", group.Props["dropout"].GetRawText());
            Assert.Equal("20", group.Props["y"].GetRawText());
            Assert.True(BoardReplica.AreEqual(server.Elements, BoardReplica.InDrawingOrder(replica)));
        }
    }

    [Fact]
    public void SamePropertyConcurrently_SameValueEverywhere()
    {
        var server = new BoardState(0, []);
        var log = new List<AppliedOperation>();
        Broadcast(log, server.Applied(Op("p0-o1", 0, Create("n", BoardElementTypes.Note)), "p0"));

        Broadcast(log, server.Apply(Op("p1-o1", 1, Set("n", ("text", "from p1"))), "p1", Limit));
        Broadcast(log, server.Apply(Op("p2-o1", 1, Set("n", ("text", "from p2"))), "p2", Limit));
        var replica = new List<BoardElement>();
        log.ForEach(operation => BoardReplica.Apply(replica, operation));

        Assert.Equal(2, log.Count);
        Assert.Equal("from p1", Assert.Single(replica).Props["text"].GetString());
        Assert.Equal("from p1", server.Find("n")!.Element.Props["text"].GetString());
    }

    private static void Broadcast(List<AppliedOperation> log, BoardApplyResult result)
    {
        if (result.Applied is not null)
        {
            Assert.Equal(log.Count + 1, result.Applied.Version);
            log.Add(result.Applied);
        }
    }

    private static void RunSeed(int seed)
    {
        var random = new Random(seed);
        var server = new BoardState(0, []);
        var log = new List<AppliedOperation>();
        SimulatedBrowser[] participants = Enumerable.Range(1, random.Next(3, 6)).Select(i => new SimulatedBrowser($"p{i}")).ToArray();

        for (int step = 0; step < StepsPerSeed; step++)
        {
            SimulatedBrowser participant = participants[random.Next(participants.Length)];
            int action = random.Next(10);
            if (action < 4)
            {
                participant.Outbox.Enqueue(participant.MakeOperation(random));
            }
            else if (action == 4)
            {
                participant.Outbox.Enqueue(random.Next(3) == 0 ? Request.Redo : Request.Undo);
            }
            else if (action < 8)
            {
                Send(server, log, participant, seed);
            }
            else
            {
                participant.Receive(log, random.Next(1, 4));
            }
        }

        foreach (SimulatedBrowser participant in participants)
        {
            while (participant.Outbox.Count > 0)
            {
                Send(server, log, participant, seed);
            }
        }

        foreach (SimulatedBrowser participant in participants)
        {
            participant.Receive(log, int.MaxValue);
            Assert.True(participant.Version == server.Version, $"Seed {seed}: {participant.Id} is at version {participant.Version}, the server at {server.Version}.");
            Assert.True(
                BoardReplica.AreEqual(server.Elements, BoardReplica.InDrawingOrder(participant.Replica)),
                $"Seed {seed}: {participant.Id}'s board differs from the server's.\nServer: {Describe(server.Elements)}\nReplica: {Describe(BoardReplica.InDrawingOrder(participant.Replica))}");
        }

        AssertConnectorsValid(server, seed);
    }

    /// <summary>Takes the oldest queued request of <paramref name="participant"/> to the server and broadcasts what it applied.</summary>
    private static void Send(BoardState server, List<AppliedOperation> log, SimulatedBrowser participant, int seed)
    {
        if (participant.Outbox.Count == 0)
        {
            return;
        }

        Request request = participant.Outbox.Dequeue();
        BoardApplyResult result;
        if (request.Operation is BoardOperation operation)
        {
            Dictionary<string, string[]>? expected = ExpectedSetProperties(server, operation, participant.Id);
            result = server.Apply(operation, participant.Id, MaxElements);
            Assert.True(result.Result.Status != OperationResult.Rejected || result.Result.Error!.Contains("at most", StringComparison.Ordinal),
                $"Seed {seed}: {operation.OpId} was rejected: {result.Result.Error}");
            if (expected is not null)
            {
                AssertSetProperties(expected, result, seed, operation.OpId);
            }
        }
        else
        {
            result = request.IsUndo ? server.Undo(participant.Id, MaxElements) : server.Redo(participant.Id, MaxElements);
            Assert.True(result.Result.Status != OperationResult.Rejected || result.Result.Error!.Contains("at most", StringComparison.Ordinal),
                $"Seed {seed}: an undo or redo of {participant.Id} was rejected: {result.Result.Error}");
        }

        if (result.Applied is not null)
        {
            Assert.Equal(server.Version, result.Applied.Version);
            Assert.Equal(log.Count + 1, result.Applied.Version);
            Assert.Equal(participant.Id, result.Applied.Actor);
            log.Add(result.Applied);
        }
    }

    /// <summary>
    /// For an operation of set changes only, computes from the server's state before it applies which properties
    /// of each element must apply: those of existing elements that no one else wrote after the base version.
    /// </summary>
    private static Dictionary<string, string[]>? ExpectedSetProperties(BoardState server, BoardOperation operation, string actor)
    {
        if (operation.Changes.Any(change => change.Kind != BoardChange.Set))
        {
            return null;
        }

        var expected = new Dictionary<string, string[]>();
        foreach (BoardChange change in operation.Changes)
        {
            StoredElement? element = server.Find(change.Id!);
            expected[change.Id!] = element is null
                ? []
                : change.Props!.Keys
                    .Where(name => !element.Writes.TryGetValue(name, out PropertyWrite? write) || write.Actor == actor || write.Version <= operation.BaseVersion)
                    .Order(StringComparer.Ordinal)
                    .ToArray();
        }

        return expected;
    }

    private static void AssertSetProperties(Dictionary<string, string[]> expected, BoardApplyResult result, int seed, string opId)
    {
        foreach ((string id, string[] properties) in expected)
        {
            string[] applied = result.Applied?.Changes.Where(change => change.Id == id).SelectMany(change => change.Props!.Keys).Order(StringComparer.Ordinal).ToArray() ?? [];
            Assert.True(properties.SequenceEqual(applied),
                $"Seed {seed}: {opId} should have written [{string.Join(", ", properties)}] of {id}, but wrote [{string.Join(", ", applied)}].");
        }
    }

    private static void AssertConnectorsValid(BoardState server, int seed)
    {
        foreach (BoardElement element in server.Elements.Where(e => e.Type == BoardElementTypes.Connector))
        {
            foreach (string end in new[] { "from", "to" })
            {
                string target = element.Props[end].GetString()!;
                StoredElement? other = server.Find(target);
                Assert.True(other is not null, $"Seed {seed}: connector {element.Id} has \"{end}\" {target}, which does not exist.");
                Assert.True(other.Element.Type != BoardElementTypes.Connector, $"Seed {seed}: connector {element.Id} has \"{end}\" {target}, which is a connector.");
            }
        }
    }

    private static string Describe(IEnumerable<BoardElement> elements) =>
        string.Join("; ", elements.Select(e => $"{e.Id}({string.Join(",", e.Props.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.GetRawText()}"))})"));

    /// <summary>An operation or an undo or redo waiting in a participant's queue.</summary>
    private sealed record Request(BoardOperation? Operation, bool IsUndo)
    {
        public static readonly Request Undo = new(null, true);

        public static readonly Request Redo = new(null, false);
    }

    /// <summary>A simulated browser: a replica of the last version it received and a queue of requests not yet sent.</summary>
    private sealed class SimulatedBrowser(string id)
    {
        private static readonly string[] CreatedTypes =
            [BoardElementTypes.Note, BoardElementTypes.ClientGroup, BoardElementTypes.Server, BoardElementTypes.Frame, BoardElementTypes.Text];

        private int created;
        private int operations;

        public string Id { get; } = id;

        public List<BoardElement> Replica { get; } = [];

        public long Version { get; private set; }

        public Queue<Request> Outbox { get; } = new();

        public void Receive(List<AppliedOperation> log, int count)
        {
            while (count-- > 0 && Version < log.Count)
            {
                AppliedOperation operation = log[(int)Version];
                BoardReplica.Apply(Replica, operation);
                Version = operation.Version;
            }
        }

        /// <summary>Makes a random edit of this participant's replica, based on the replica's version.</summary>
        public Request MakeOperation(Random random)
        {
            BoardElement[] shapes = Replica.Where(e => e.Type != BoardElementTypes.Connector).ToArray();
            int kind = random.Next(10);
            var changes = new List<BoardChange>();
            if (Replica.Count == 0 || kind < 3)
            {
                string type = CreatedTypes[random.Next(CreatedTypes.Length)];
                changes.Add(Create(NewId(), type, ("x", random.Next(-500, 500)), ("y", random.Next(-500, 500)), ("text", $"{Id} made this")));
            }
            else if (kind == 3 && shapes.Length >= 2)
            {
                BoardElement from = shapes[random.Next(shapes.Length)];
                BoardElement to = shapes[random.Next(shapes.Length)];
                BoardElement[] connectors = Replica.Where(e => e.Type == BoardElementTypes.Connector).ToArray();
                if (from.Id == to.Id)
                {
                    // A paste: two elements and a connector between them in one operation.
                    string first = NewId();
                    string second = NewId();
                    changes.Add(Create(first, BoardElementTypes.ClientGroup, ("count", random.Next(1, 50))));
                    changes.Add(Create(second, BoardElementTypes.Server));
                    changes.Add(Connect(NewId(), first, second));
                }
                else if (connectors.Length > 0 && random.Next(2) == 0)
                {
                    // Reattach one end of a connector, which may meet a concurrent delete of the element.
                    BoardElement connector = connectors[random.Next(connectors.Length)];
                    string other = connector.Props["from"].GetString()!;
                    changes.Add(other == to.Id ? Set(connector.Id, ("text", "reattached")) : Set(connector.Id, ("to", to.Id)));
                }
                else
                {
                    changes.Add(Connect(NewId(), from.Id, to.Id));
                }
            }
            else if (kind < 6 && shapes.Length > 0)
            {
                // A move of one or two elements, as a drag of a selection.
                foreach (BoardElement element in shapes.OrderBy(_ => random.Next()).Take(random.Next(1, 3)))
                {
                    changes.Add(Set(element.Id, ("x", random.Next(-500, 500)), ("y", random.Next(-500, 500))));
                }
            }
            else if (kind < 8)
            {
                BoardElement element = Replica[random.Next(Replica.Count)];
                changes.Add(random.Next(2) == 0
                    ? Set(element.Id, ("text", $"{Id} edit {operations}"))
                    : Set(element.Id, ("color", $"#{random.Next(0x1000000):x6}")));
            }
            else
            {
                // A delete of a selection of one or two elements.
                foreach (BoardElement element in Replica.OrderBy(_ => random.Next()).Take(random.Next(1, 3)))
                {
                    changes.Add(Delete(element.Id));
                }
            }

            operations++;
            return new Request(new BoardOperation($"{Id}-o{operations}", Version, changes), false);
        }

        private string NewId() => $"{Id}-e{++created}";
    }
}
