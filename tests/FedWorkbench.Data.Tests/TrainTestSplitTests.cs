using FedWorkbench.Simulation;

namespace FedWorkbench.Data.Tests;

public sealed class TrainTestSplitTests
{
    [Fact]
    public void Create_SameSeed_GivesSameSplit()
    {
        // Act
        TrainTestSplit first = TrainTestSplit.Create(null, 100, 0.2, seed: 7);
        TrainTestSplit second = TrainTestSplit.Create(null, 100, 0.2, seed: 7);
        TrainTestSplit other = TrainTestSplit.Create(null, 100, 0.2, seed: 8);

        // Assert
        Assert.Equal(first.TestRows, second.TestRows);
        Assert.Equal(first.TrainRows, second.TrainRows);
        Assert.NotEqual(first.TestRows, other.TestRows);
    }

    [Fact]
    public void Create_Rows_AreSortedAndDisjoint()
    {
        // Act
        TrainTestSplit split = TrainTestSplit.Create(null, 50, 0.3, seed: 1);

        // Assert
        Assert.Equal(15, split.TestRows.Length);
        Assert.Equal(split.TrainRows.Order(), split.TrainRows);
        Assert.Equal(split.TestRows.Order(), split.TestRows);
        Assert.Equal(Enumerable.Range(0, 50), split.TrainRows.Concat(split.TestRows).Order());
    }

    [Fact]
    public void Create_Groups_HoldOutWithinEachGroup()
    {
        // Arrange: group 0 has 3 rows, group 1 has 30 and group 2 has 1.
        int[] groups = [.. Enumerable.Repeat(0, 3), .. Enumerable.Repeat(1, 30), 2];

        // Act
        TrainTestSplit split = TrainTestSplit.Create(groups, groups.Length, 0.5, seed: 2);

        // Assert: ⌊3 × 0.5⌋ = 1, ⌊30 × 0.5⌋ = 15, and the single row of group 2 stays in training.
        Assert.Equal(1, split.TestRows.Count(row => groups[row] == 0));
        Assert.Equal(15, split.TestRows.Count(row => groups[row] == 1));
        Assert.Equal(0, split.TestRows.Count(row => groups[row] == 2));
        Assert.Contains(33, split.TrainRows);
    }

    [Fact]
    public void Create_GroupsSplitIndependently()
    {
        // Arrange: group 0's rows are the same; group 1 grows.
        int[] small = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
        int[] large = [.. small, 1, 1, 1, 1, 1];

        // Act
        TrainTestSplit first = TrainTestSplit.Create(small, small.Length, 0.2, seed: 4);
        TrainTestSplit second = TrainTestSplit.Create(large, large.Length, 0.2, seed: 4);

        // Assert
        Assert.Equal(first.TestRows.Where(row => small[row] == 0), second.TestRows.Where(row => large[row] == 0));
    }

    [Fact]
    public void Create_NothingHeldOut_Throws()
    {
        // Act
        var error = Assert.Throws<ExperimentException>(() => TrainTestSplit.Create(null, 4, 0.2, seed: 1));

        // Assert
        Assert.Contains("Raise the test fraction or add rows.", error.Message);
    }
}
