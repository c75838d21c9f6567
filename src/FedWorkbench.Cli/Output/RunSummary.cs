using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Cli.Output;

/// <summary>Totals of one command-line run, written after the last round.</summary>
/// <param name="Summary">Always true, so that a reader of the JSON lines can tell this object from a round.</param>
/// <param name="Rounds">Rounds that finished.</param>
/// <param name="PlannedRounds">Rounds the experiment asked for.</param>
/// <param name="Cancelled">Whether Ctrl+C or SIGTERM stopped the run before <paramref name="PlannedRounds"/>.</param>
/// <param name="FinalTestAccuracy">Test accuracy after the last finished round, in [0, 1], or null when no round finished.</param>
/// <param name="BestTestAccuracy">Highest test accuracy of any round, in [0, 1], or null when no round finished.</param>
/// <param name="BestRound">Round that reached <paramref name="BestTestAccuracy"/>, the earliest one on ties.</param>
/// <param name="TrainedSamples">Samples processed by local SGD over all rounds.</param>
/// <param name="ElapsedSeconds">Wall-clock seconds from the start of the run to the end of the last round.</param>
/// <param name="TrainedSamplesPerSecond"><paramref name="TrainedSamples"/> divided by <paramref name="ElapsedSeconds"/>.</param>
/// <param name="BytesDown">Bytes the server sent to clients over all finished rounds.</param>
/// <param name="BytesUp">Bytes clients sent to the server over all finished rounds.</param>
/// <param name="SimulatedSeconds">Sum of the rounds' simulated durations.</param>
/// <param name="Kernels">Dense-layer kernel path of this process: "portable", "vector256" or "vector512".</param>
internal sealed record RunSummary(
    bool Summary,
    int Rounds,
    int PlannedRounds,
    bool Cancelled,
    double? FinalTestAccuracy,
    double? BestTestAccuracy,
    int? BestRound,
    long TrainedSamples,
    double ElapsedSeconds,
    double TrainedSamplesPerSecond,
    long BytesDown,
    long BytesUp,
    double SimulatedSeconds,
    string Kernels);

/// <summary>Accumulates <see cref="RoundResult"/>s into a <see cref="RunSummary"/>.</summary>
internal sealed class RunSummaryBuilder(int plannedRounds)
{
    private int _rounds;
    private RoundResult? _last;
    private RoundResult? _best;
    private long _trainedSamples;
    private long _bytesDown;
    private long _bytesUp;
    private double _simulatedSeconds;

    /// <summary>Rounds added so far.</summary>
    public int Rounds => _rounds;

    /// <summary>Adds one finished round.</summary>
    public void Add(RoundResult round)
    {
        ArgumentNullException.ThrowIfNull(round);
        _rounds++;
        _trainedSamples += round.TrainedSamples;
        _bytesDown += round.BytesDown;
        _bytesUp += round.BytesUp;
        _simulatedSeconds += round.SimulatedSeconds;
        _last = round;

        // NaN compares false, so a diverged round never becomes the best one.
        if (_best is null || round.TestAccuracy > _best.TestAccuracy)
        {
            _best = round;
        }
    }

    /// <summary>Returns the totals of the rounds added so far.</summary>
    public RunSummary Build(bool cancelled)
    {
        double elapsed = _last?.ElapsedSeconds ?? 0;
        double samplesPerSecond = elapsed > 0 ? _trainedSamples / elapsed : 0;
        return new RunSummary(
            Summary: true,
            Rounds: _rounds,
            PlannedRounds: plannedRounds,
            Cancelled: cancelled,
            FinalTestAccuracy: _last?.TestAccuracy,
            BestTestAccuracy: _best?.TestAccuracy,
            BestRound: _best?.Round,
            TrainedSamples: _trainedSamples,
            ElapsedSeconds: elapsed,
            TrainedSamplesPerSecond: samplesPerSecond,
            BytesDown: _bytesDown,
            BytesUp: _bytesUp,
            SimulatedSeconds: _simulatedSeconds,
            Kernels: KernelSelection.Name);
    }
}
