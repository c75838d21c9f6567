using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Training;

public sealed class RoundPlannerTests
{
    // Five selected clients, m = 3 awaited. Client 5 drops out. Of the others, clients 8 and 14 finish first at
    // 2 s each, a tie kept in selection order, then client 3 at 4 s. Client 11 (9 s) is over-selected and not awaited.
    private static readonly int[] Selected = [3, 5, 8, 11, 14];
    private static readonly bool[] DroppedOut = [false, true, false, false, false];
    private static readonly double[] Durations = [4.0, 1.0, 2.0, 9.0, 2.0];

    [Fact]
    public void Plan_AwaitsFirstMClients()
    {
        // Act
        RoundPlan plan = RoundPlanner.Plan(Selected, DroppedOut, Durations, clientsPerRound: 3, deadlineSeconds: null);

        // Assert: client 11 is neither reported nor dropped.
        Assert.Equal([3, 8, 14], plan.Reporting);
        Assert.Equal(1, plan.DroppedOut);
        Assert.Equal(0, plan.Stragglers);
        Assert.Equal(1, plan.DroppedClients);
        Assert.Equal(4.0, plan.SimulatedSeconds);
    }

    [Fact]
    public void Plan_DeadlineCutsAwaitedStraggler()
    {
        // Act: client 3 finishes at 4 s, after the 3 s deadline.
        RoundPlan plan = RoundPlanner.Plan(Selected, DroppedOut, Durations, clientsPerRound: 3, deadlineSeconds: 3.0);

        // Assert: the round lasts until the deadline, and client 11, which is not awaited, is no straggler.
        Assert.Equal([8, 14], plan.Reporting);
        Assert.Equal(1, plan.DroppedOut);
        Assert.Equal(1, plan.Stragglers);
        Assert.Equal(2, plan.DroppedClients);
        Assert.Equal(3.0, plan.SimulatedSeconds);
    }

    [Fact]
    public void Plan_DeadlineNotReachedEndsAtLastArrival()
    {
        // Act: every awaited client finishes by 4 s, before the 5 s deadline.
        RoundPlan plan = RoundPlanner.Plan(Selected, DroppedOut, Durations, clientsPerRound: 3, deadlineSeconds: 5.0);

        // Assert
        Assert.Equal([3, 8, 14], plan.Reporting);
        Assert.Equal(0, plan.Stragglers);
        Assert.Equal(4.0, plan.SimulatedSeconds);
    }

    [Fact]
    public void Plan_TiesKeepSelectionOrder()
    {
        // Act: clients 8 and 14 both finish at 2 s and only one is awaited.
        RoundPlan plan = RoundPlanner.Plan(Selected, DroppedOut, Durations, clientsPerRound: 1, deadlineSeconds: null);

        // Assert
        Assert.Equal([8], plan.Reporting);
        Assert.Equal(2.0, plan.SimulatedSeconds);
    }

    [Fact]
    public void Plan_WithoutOverSelectionAwaitsEveryone()
    {
        // Arrange: s = m = 4 and client 20 drops out.
        int[] selected = [10, 20, 30, 40];
        bool[] droppedOut = [false, true, false, false];
        double[] durations = [7.5, 0.5, 12.0, 3.0];

        // Act
        RoundPlan plan = RoundPlanner.Plan(selected, droppedOut, durations, clientsPerRound: 4, deadlineSeconds: 10.0);

        // Assert: client 30 misses the 10 s deadline.
        Assert.Equal([10, 40], plan.Reporting);
        Assert.Equal(1, plan.DroppedOut);
        Assert.Equal(1, plan.Stragglers);
        Assert.Equal(2, plan.DroppedClients);
        Assert.Equal(10.0, plan.SimulatedSeconds);
    }

    [Fact]
    public void Plan_EveryoneDroppedOut()
    {
        // Act
        RoundPlan plan = RoundPlanner.Plan([1, 2], [true, true], [1.0, 2.0], clientsPerRound: 2, deadlineSeconds: 5.0);

        // Assert
        Assert.Empty(plan.Reporting);
        Assert.Equal(2, plan.DroppedOut);
        Assert.Equal(0, plan.Stragglers);
        Assert.Equal(0.0, plan.SimulatedSeconds);
    }

    [Fact]
    public void Plan_MismatchedLengthsThrow()
    {
        // Act
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => RoundPlanner.Plan([1, 2], [false], [1.0, 2.0], clientsPerRound: 1, deadlineSeconds: null));

        // Assert
        Assert.Contains("1 dropout flags", error.Message, StringComparison.Ordinal);
    }
}
