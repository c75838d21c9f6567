using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Data;

/// <summary>The table rows (0-based, in file order) that train and those held out for testing.</summary>
internal sealed record TrainTestSplit(int[] TrainRows, int[] TestRows)
{
    /// <summary>Stream id of the split's random draws.</summary>
    internal const long SplitStream = RandomStreams.TableSplit;

    /// <summary>
    /// Splits each group's rows: group g shuffles its rows with <c>SeededRandom(seed, SplitStream, g)</c> and holds
    /// out the first ⌊n × fraction⌋ of them, at most n − 1, so every group keeps a training row. Without owners all
    /// rows are one group. Throws <see cref="ExperimentException"/> when no row is held out.
    /// </summary>
    /// <param name="rowGroups">Group of each table row (its owner index), or null for one group.</param>
    /// <param name="rowCount">Number of table rows.</param>
    /// <param name="testFraction">Fraction of each group held out, in (0, 1).</param>
    /// <param name="seed">Seed of the shuffles.</param>
    public static TrainTestSplit Create(int[]? rowGroups, int rowCount, double testFraction, int seed)
    {
        int groupCount = rowGroups is null ? 1 : rowGroups.Max() + 1;
        var members = new List<int>[groupCount];
        for (int group = 0; group < groupCount; group++)
        {
            members[group] = [];
        }

        for (int row = 0; row < rowCount; row++)
        {
            members[rowGroups?[row] ?? 0].Add(row);
        }

        var train = new List<int>(rowCount);
        var test = new List<int>();
        for (int group = 0; group < groupCount; group++)
        {
            int[] rows = [.. members[group]];
            int testCount = Math.Min((int)decimal.Floor((decimal)rows.Length * (decimal)testFraction), rows.Length - 1);
            var random = new SeededRandom(seed, SplitStream, group);
            random.Shuffle(rows.AsSpan());
            test.AddRange(rows.AsSpan(0, testCount));
            train.AddRange(rows.AsSpan(testCount));
        }

        if (test.Count == 0)
        {
            throw new ExperimentException(
                $"No row is held out for testing. With a test fraction of {CsvFormat.Number(testFraction)}, " +
                "each owner (or the whole file, without an owner column) holds out ⌊rows × fraction⌋ rows, which is 0 " +
                "here. Raise the test fraction or add rows.");
        }

        train.Sort();
        test.Sort();
        return new TrainTestSplit([.. train], [.. test]);
    }
}
