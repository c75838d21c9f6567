using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Output;

/// <summary>Writes the progress of a run to standard output, one line per event.</summary>
internal interface IRunOutput
{
    /// <summary>Writes what is about to run.</summary>
    void WriteStart(ExperimentConfig config);

    /// <summary>Writes one finished round.</summary>
    void WriteRound(RoundResult round, int plannedRounds);

    /// <summary>Writes the totals after the last round, or after cancellation.</summary>
    void WriteSummary(RunSummary summary);
}
