using System.Globalization;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Checkpoints;

namespace FedWorkbench.Simulation.Training;

/// <summary>
/// Checkpoints of the run: the state carried from one round to the next, saved after a round and restored
/// before the next one.
/// </summary>
/// <remarks>
/// The state is the global model, the clip norm, the strategy's state and the compressor's state. Everything
/// else is either fixed when the run is created (data, partition, population, attackers, system profiles,
/// privacy parameters) or drawn from <c>SeededRandom(seed, stream, round, client)</c> (sampling, dropouts,
/// minibatch order, noise, quantization, secure-aggregation keys), so a restored run recomputes it. Per-round
/// buffers (updates, the aggregator, the private sum, SCAFFOLD's sum of Δc_i) are cleared or overwritten before
/// they are read in every round.
/// </remarks>
internal sealed partial class FederatedRun
{
    private const double BytesPerMebibyte = 1024 * 1024;

    private readonly StateSection[] _stateSections;
    private byte[]? _configFingerprint;
    private bool _checkpointSkipLogged;

    /// <summary>Wall-clock seconds of the run before it was resumed; 0 for a run that started at round 1.</summary>
    private double _elapsedSecondsBefore;

    /// <summary>The sections of the run's state, in checkpoint order.</summary>
    internal IReadOnlyList<StateSection> StateSections => _stateSections;

    /// <summary>The SHA-256 fingerprint of the configuration, computed on first use.</summary>
    private byte[] ConfigFingerprint => _configFingerprint ??= CheckpointFormat.Fingerprint(_config);

    /// <summary>Returns the size in bytes that a checkpoint of the current state takes, without writing it.</summary>
    public long MeasureCheckpoint() => CheckpointFormat.Measure(_stateSections);

    /// <summary>
    /// Pairs <paramref name="result"/> with a checkpoint of the state after its round, or with the reason the
    /// checkpoint was skipped when it would take more than <paramref name="maxBytes"/>. Call it between rounds only.
    /// </summary>
    public CheckpointedRound TakeCheckpoint(RoundResult result, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(result);
        long size = MeasureCheckpoint();
        if (size > maxBytes || size > Array.MaxLength)
        {
            string reason = CheckpointSkippedReason(result.Round, size, maxBytes);
            if (!_checkpointSkipLogged)
            {
                // The state only grows, because per-client vectors are never freed, so every later round is skipped too.
                SimulationLog.CheckpointSkipped(_logger, _runName, result.Round, size, maxBytes);
                _checkpointSkipLogged = true;
            }

            return new CheckpointedRound(result, null, reason);
        }

        var header = new CheckpointHeader(result.Round, Layout.ParameterCount, _config.Clients, _stateSections.Length);
        byte[] state = CheckpointFormat.Write(ConfigFingerprint, header, _stateSections, size);
        return new CheckpointedRound(result, new EngineCheckpoint(result.Round, result.ElapsedSeconds, state), null);
    }

    /// <summary>
    /// Checks <paramref name="checkpoint"/> against <paramref name="config"/> without loading any data, so a wrong
    /// checkpoint fails before the dataset is read. Throws <see cref="ExperimentException"/> with the reason.
    /// </summary>
    public static CheckpointHeader VerifyCheckpoint(EngineCheckpoint checkpoint, ExperimentConfig config) =>
        CheckpointFormat.Verify(checkpoint, config, CheckpointFormat.Fingerprint(config));

    /// <summary>
    /// Restores the state of a checkpoint that <see cref="VerifyCheckpoint"/> accepted, so the next round to run is
    /// <see cref="EngineCheckpoint.CompletedRounds"/> + 1 and its elapsed time continues from the checkpoint's.
    /// Throws <see cref="ExperimentException"/> when the stored state does not fit this run.
    /// </summary>
    public void Restore(EngineCheckpoint checkpoint, CheckpointHeader header)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        CheckpointFormat.ReadSections(checkpoint, header, Layout.ParameterCount, _stateSections);
        _elapsedSecondsBefore = checkpoint.ElapsedSeconds;
        SimulationLog.RunResumed(_logger, _runName, checkpoint.CompletedRounds, _config.Rounds, checkpoint.State.Length, checkpoint.ElapsedSeconds);
    }

    /// <summary>Returns the wall-clock seconds of the whole run, counting the time before a resume.</summary>
    public double ElapsedSeconds(TimeSpan sinceStart) => _elapsedSecondsBefore + sinceStart.TotalSeconds;

    private StateSection[] CreateStateSections() =>
    [
        new FloatVectorSection("GLOB", "the global model", _global),
        new DoubleValueSection("CLIP", "the clip norm S", () => _clipNorm, value => _clipNorm = value),
        .. _strategy.CreateStateSections(),
        .. _compressor.CreateStateSections(),
    ];

    /// <summary>Returns why a checkpoint of <paramref name="size"/> bytes was skipped, naming the largest section.</summary>
    private string CheckpointSkippedReason(int round, long size, long maxBytes)
    {
        StateSection largest = _stateSections.MaxBy(section => section.PayloadBytes)!;
        string limit = maxBytes > Array.MaxLength
            ? string.Create(CultureInfo.InvariantCulture, $"the largest array .NET allocates, {Array.MaxLength / BytesPerMebibyte:N1} MiB")
            : string.Create(CultureInfo.InvariantCulture, $"the limit of {maxBytes / BytesPerMebibyte:N1} MiB");
        string sizes = string.Create(
            CultureInfo.InvariantCulture,
            $"The checkpoint after round {round} was not saved, because it would take {size / BytesPerMebibyte:N1} MiB, more than {limit}.");
        string content = string.Create(CultureInfo.InvariantCulture, $"The largest part is {largest.Describe()} ({largest.PayloadBytes / BytesPerMebibyte:N1} MiB).");
        return $"{sizes} {content} An interrupted run resumes from the last saved checkpoint. To save every round, use fewer clients or a smaller model, or raise the checkpoint limit.";
    }
}
