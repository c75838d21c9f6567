namespace FedWorkbench.Simulation.Training;

/// <summary>Which selected clients of a round report, and how long the round takes in simulated time.</summary>
/// <param name="Reporting">Clients whose updates reach the server in time, in selection order.</param>
/// <param name="DroppedOut">Selected clients that failed to report (dropout).</param>
/// <param name="Stragglers">Awaited clients whose updates would arrive after the round deadline.</param>
/// <param name="SimulatedSeconds">
/// Arrival time of the last reporting update, or the deadline when a straggler was cut off; 0 when no client
/// reported and none was cut off.
/// </param>
internal sealed record RoundPlan(int[] Reporting, int DroppedOut, int Stragglers, double SimulatedSeconds)
{
    /// <summary>Selected clients that did not report: dropouts plus stragglers.</summary>
    public int DroppedClients => DroppedOut + Stragglers;
}

/// <summary>
/// Decides which selected clients report in a round, from their dropout draws and simulated durations. Pure, so
/// the rules can be checked on hand-made durations.
/// </summary>
/// <remarks>
/// The server awaits the first m clients to finish among those that did not drop out (all of them when fewer
/// remain). Over-selected clients that finish after the first m are not awaited: they count neither as
/// reporting nor as dropped. An awaited client that finishes after the deadline is a straggler and is dropped.
/// </remarks>
internal static class RoundPlanner
{
    /// <summary>Plans one round.</summary>
    /// <param name="selected">Selected clients in selection order.</param>
    /// <param name="droppedOut">Whether each selected client drops out, aligned with <paramref name="selected"/>.</param>
    /// <param name="durations">
    /// Simulated seconds from sending the model until each selected client's update arrives, aligned with
    /// <paramref name="selected"/>; ignored for clients that drop out.
    /// </param>
    /// <param name="clientsPerRound">Updates the server awaits, m.</param>
    /// <param name="deadlineSeconds">Simulated seconds the server waits; null waits for every awaited client.</param>
    public static RoundPlan Plan(
        ReadOnlySpan<int> selected, ReadOnlySpan<bool> droppedOut, ReadOnlySpan<double> durations, int clientsPerRound, double? deadlineSeconds)
    {
        if (droppedOut.Length != selected.Length || durations.Length != selected.Length)
        {
            throw new ArgumentException(
                $"Got {selected.Length} selected clients but {droppedOut.Length} dropout flags and {durations.Length} durations; pass one of each per client.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clientsPerRound);

        // Positions of the clients still running. They are then ordered by duration with a stable sort, so ties
        // keep selection order.
        var running = new List<int>(selected.Length);
        for (int position = 0; position < selected.Length; position++)
        {
            if (!droppedOut[position])
            {
                running.Add(position);
            }
        }

        int dropped = selected.Length - running.Count;
        double[] runningDurations = new double[running.Count];
        for (int i = 0; i < running.Count; i++)
        {
            runningDurations[i] = durations[running[i]];
        }

        int[] order = [.. Enumerable.Range(0, running.Count).OrderBy(i => runningDurations[i])];
        int awaited = Math.Min(clientsPerRound, order.Length);

        var reportingPositions = new List<int>(awaited);
        int stragglers = 0;
        double lastArrival = 0;
        for (int i = 0; i < awaited; i++)
        {
            int position = running[order[i]];
            double duration = durations[position];
            if (deadlineSeconds is double deadline && duration > deadline)
            {
                stragglers++;
                continue;
            }

            reportingPositions.Add(position);
            lastArrival = Math.Max(lastArrival, duration);
        }

        reportingPositions.Sort();
        int[] reporting = new int[reportingPositions.Count];
        for (int i = 0; i < reporting.Length; i++)
        {
            reporting[i] = selected[reportingPositions[i]];
        }

        double simulatedSeconds = stragglers > 0 ? deadlineSeconds!.Value : lastArrival;
        return new RoundPlan(reporting, dropped, stragglers, simulatedSeconds);
    }
}
