using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Privacy;
using FedWorkbench.Simulation.Privacy.SecureAggregation;
using FedWorkbench.Simulation.Training.Aggregation;
using FedWorkbench.Simulation.Training.Attacks;
using FedWorkbench.Simulation.Training.Compression;
using FedWorkbench.Simulation.Training.Strategies;
using FedWorkbench.Simulation.Training.Systems;
using Microsoft.Extensions.Logging;

namespace FedWorkbench.Simulation.Training;

/// <summary>
/// The state of one running experiment and its rounds. A round selects clients, simulates who reports in time,
/// trains the reporting clients in parallel, and attacks, compresses and validates their updates. The strategy
/// then moves the global model, which is evaluated on the test split and on each client's held-out split.
/// </summary>
internal sealed partial class FederatedRun
{
    /// <summary>
    /// Memory for client updates held at once, unless two per thread need more: 16 MiB, 21 updates of the 2NN,
    /// of which a round uses 20 on two threads because groups are a multiple of the thread count.
    /// </summary>
    /// <remarks>
    /// A group this small can stay in a last-level cache of a few tens of MiB between training and aggregation.
    /// On a 2-core Zen 3 with a 32 MiB L3, shared with other jobs, 100 clients of the 2NN spent about 30% less
    /// CPU time outside their SGD steps than with 64 MiB groups.
    /// </remarks>
    public const long DefaultMaxUpdateBufferBytes = 16L * 1024 * 1024;

    /// <summary>Rejected updates logged one by one per round; the rest are logged as a count.</summary>
    private const int MaxRejectionsLoggedPerRound = 10;

    private readonly ExperimentConfig _config;
    private readonly Dataset _dataset;
    private readonly ClientPartition _partition;
    private readonly LocalTrainingSettings _settings;
    private readonly int _maxDegreeOfParallelism;
    private readonly ILogger _logger;
    private readonly string _runName;

    private readonly FederatedStrategy _strategy;
    private readonly UpdateAggregator _aggregator;
    private readonly UpdateCompressor _compressor;
    private readonly ClientPopulation _population;
    private readonly AttackModel _attack;
    private readonly ClientSystemModel _systems;
    private readonly float[] _featureNoiseStd;
    private readonly DataSplit[] _heldOutSplits;
    private int[] _heldOutClients = [];
    private readonly long _bytesDownPerClient;
    private readonly long _bytesUpPerClient;
    private readonly long _extraBytesUpPerClient;

    private readonly float[] _global;
    private readonly float[] _pseudoGradient;

    // Without client privacy, attacks, compression or a strategy that reads deltas, nothing changes a client's
    // delta between training and aggregation, so the aggregator forms it. _updates then contains trained models.
    private readonly bool _aggregatorFormsDeltas;
    private readonly float[][] _updates;
    private readonly LocalTrainingResult[] _results;
    private readonly bool[] _trained;
    private readonly long[] _uplinkBytes;
    private readonly double[] _clientNorms;
    private readonly string?[] _rejectionReasons;

    // The accepted updates of a group, in sampled order, that go to the aggregator together.
    private readonly float[][] _acceptedUpdates;
    private readonly double[] _acceptedWeights;
    private readonly int[] _acceptedSteps;
    private int _acceptedCount;

    // The accepted models the aggregator left out because their deltas were not finite.
    private readonly bool[] _leftOut;
    private readonly ConcurrentBag<LocalTrainingWorkspace> _workspaces = [];
    private readonly ModelEvaluator _evaluator;

    private FederatedRun(
        ExperimentConfig config, Dataset dataset, ClientPartition partition, int maxDegreeOfParallelism, long maxUpdateBufferBytes, ILogger logger)
    {
        _config = config;
        _dataset = dataset;
        _partition = partition;
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
        _logger = logger;
        _runName = string.IsNullOrWhiteSpace(config.Name) ? "(unnamed)" : config.Name;
        _settings = new LocalTrainingSettings(
            config.LocalEpochs, config.BatchSize, (float)config.LearningRate, (float)config.Momentum, (float)config.WeightDecay);

        // Under the natural partition client i trains on the rows of owner i, so the owners name the clients.
        IReadOnlyList<string>? clientNames = config.Partition == PartitionKind.Natural && config.ClientGroups.Count == 0
            ? dataset.Owners?.Names
            : null;
        PartitionStatistics = PartitionStatistics.Compute(partition, dataset.Train.Labels, dataset.ClassCount, dataset.ClassNames, clientNames);
        Layout = ModelLayout.ForExperiment(config, dataset.FeatureCount, dataset.ClassCount);
        int parameterCount = Layout.ParameterCount;
        ClientsPerRound = ClientSampler.ClientsPerRound(config.Clients, config.ClientFraction);
        ClientsSelected = ClientSampler.ClientsSelected(config.Clients, ClientsPerRound, config.OverSelection);
        _global = ModelInitializer.Create(Layout, config.Seed);
        _pseudoGradient = new float[parameterCount];
        _evaluator = new ModelEvaluator(Layout);

        _strategy = FederatedStrategy.Create(config, parameterCount);
        _aggregator = _strategy.Aggregator;
        _compressor = UpdateCompressor.Create(config, parameterCount, config.Clients);
        _population = ClientPopulation.Create(config);
        _attack = AttackModel.Create(config, _population);
        _systems = ClientSystemModel.Create(config, _population);
        _bytesDownPerClient = RoundMetrics.BytesDownPerClient(parameterCount, _strategy.ExtraVectorsDown);
        _bytesUpPerClient = RoundMetrics.BytesUpPerClient(config.Compression, config.TopKFraction, parameterCount, _strategy.ExtraVectorsUp);
        _extraBytesUpPerClient = sizeof(float) * (long)parameterCount * _strategy.ExtraVectorsUp;
        _privacy = PrivacyAccounting.Create(config);
        _clipNorm = config.ClipNorm;
        _privateSum = UsesServerNoise ? new double[parameterCount] : null;
        _secureAggregation = config.SecureAggregation
            ? new SecureAggregationProtocol(config.Seed, parameterCount + 1, config.SecureAggregationThreshold)
            : null;

        _aggregatorFormsDeltas = config.DifferentialPrivacy == DifferentialPrivacyKind.None && !UsesPrivateAggregation
            && _attack.MaliciousCount == 0 && _compressor is NoCompression && !_strategy.ReadsClientDeltas && _aggregator.AddsTrainedModels;

        _featureNoiseStd = new float[config.Clients];
        for (int client = 0; client < config.Clients; client++)
        {
            _featureNoiseStd[client] = _population.FeatureNoiseStd(client);
        }

        _heldOutSplits = GatherHeldOutSplits();
        _stateSections = CreateStateSections();

        // Only the m awaited clients can report, so a round trains at most m clients. It trains them in groups
        // whose update buffers fit maxUpdateBufferBytes, so memory stays bounded when C·K is large. Each group
        // keeps every thread busy with at least two clients.
        long bufferBytes = (long)parameterCount * sizeof(float);
        // Under Poisson sampling the number of clients varies, so groups are sized for the expected C·K.
        int maxGroup = config.Sampling == ClientSamplingKind.Poisson
            ? (int)Math.Clamp(Math.Ceiling(config.ClientFraction * config.Clients), 1, config.Clients)
            : ClientsPerRound;
        // A group that is a multiple of the thread count leaves no thread idle while the others train the last
        // clients of the group.
        long fittingGroup = maxUpdateBufferBytes / bufferBytes / maxDegreeOfParallelism * maxDegreeOfParallelism;
        int groupSize = (int)Math.Min(maxGroup, Math.Max(2L * maxDegreeOfParallelism, fittingGroup));
        _updates = new float[groupSize][];
        for (int i = 0; i < groupSize; i++)
        {
            _updates[i] = new float[parameterCount];
        }

        _results = new LocalTrainingResult[groupSize];
        _trained = new bool[groupSize];
        _uplinkBytes = new long[groupSize];
        _clientNorms = new double[groupSize];
        _rejectionReasons = new string?[groupSize];
        _acceptedUpdates = new float[groupSize][];
        _acceptedWeights = new double[groupSize];
        _acceptedSteps = new int[groupSize];
        _leftOut = new bool[groupSize];
    }

    /// <summary>Each client's size and label histogram, computed once when the run is created.</summary>
    public PartitionStatistics PartitionStatistics { get; }

    /// <summary>Network shape of the run.</summary>
    public ModelLayout Layout { get; }

    /// <summary>Updates the server awaits per round, m = max(1, ⌊C·K⌋).</summary>
    public int ClientsPerRound { get; }

    /// <summary>Clients selected per round, s = min(K, ⌈m·(1 + OverSelection)⌉); equal to m without over-selection.</summary>
    public int ClientsSelected { get; }

    /// <summary>The current global model. Callers must not change it.</summary>
    public ReadOnlySpan<float> GlobalParameters => _global;

    /// <summary>Returns a copy of the current global model with the dataset's class names.</summary>
    public TrainedModel CopyModel() => new(Layout, [.. _global], _dataset.ClassNames);

    /// <summary>
    /// Loads the dataset, splits it across clients and initializes the global model and the strategy. Throws
    /// <see cref="ExperimentException"/> when the data or the partition is unusable.
    /// </summary>
    public static FederatedRun Create(
        ExperimentConfig config,
        Func<ExperimentConfig, Dataset> loadDataset,
        Func<ExperimentConfig, Dataset, ClientPartition> splitDataset,
        int maxDegreeOfParallelism,
        ILogger logger,
        long maxUpdateBufferBytes = DefaultMaxUpdateBufferBytes)
    {
        Dataset dataset = loadDataset(config);
        CheckDataset(dataset);
        ClientPartition partition = splitDataset(config, dataset);
        CheckPartition(partition, config.Clients, dataset.Train.Count);

        var run = new FederatedRun(config, dataset, partition, maxDegreeOfParallelism, maxUpdateBufferBytes, logger);
        SimulationLog.RunStarted(
            logger, run._runName, config.Rounds, ExperimentNames.Of(config.Strategy), ExperimentNames.Of(config.Aggregation), run.Layout.ToString(),
            run.Layout.ParameterCount, dataset.Name, config.Clients, run.ClientsPerRound, run.ClientsSelected, config.Seed);
        if (run._privacy is { } privacy)
        {
            SimulationLog.PrivacyConfigured(
                logger, run._runName, ExperimentNames.Of(config.DifferentialPrivacy), privacy.NoiseMultiplier, privacy.SamplingRate, config.Delta, config.ClipNorm);
        }
        return run;
    }

    /// <summary>
    /// Runs round <paramref name="round"/> (starting at 1) and returns its metrics. <paramref name="runClock"/> runs
    /// since the run was created, and a restored run adds the time before its checkpoint to it. Throws
    /// <see cref="ExperimentException"/> when an update is invalid and <see cref="ExperimentConfig.InvalidUpdates"/>
    /// is <see cref="InvalidUpdatePolicy.Fail"/>.
    /// </summary>
    public RoundResult RunRound(int round, Stopwatch runClock, CancellationToken cancellationToken)
    {
        long roundStart = Stopwatch.GetTimestamp();
        var parallelOptions = new ParallelOptions
        {
            MaxDegreeOfParallelism = _maxDegreeOfParallelism,
            CancellationToken = cancellationToken,

            // The scheduler the round runs on: FederatedSimulation's SimulationOptions.TaskScheduler, or the thread pool.
            TaskScheduler = TaskScheduler.Current,
        };

        int[] selected = _config.Sampling == ClientSamplingKind.Poisson
            ? ClientSampler.SamplePoisson(_config.Seed, round, _config.Clients, _config.ClientFraction)
            : ClientSampler.Sample(_config.Seed, round, _config.Clients, ClientsSelected);
        RoundPlan plan = PlanRound(round, selected);
        int[] reporting = plan.Reporting;

        var tally = new UpdateTally();
        _aggregator.Reset();
        BeginPrivateRound();
        TimeSpan trainingTime = TimeSpan.Zero;
        for (int first = 0; first < reporting.Length; first += _updates.Length)
        {
            int count = Math.Min(_updates.Length, reporting.Length - first);
            long trainingStart = Stopwatch.GetTimestamp();
            TrainClients(round, reporting, first, count, parallelOptions);
            trainingTime += Stopwatch.GetElapsedTime(trainingStart);
            cancellationToken.ThrowIfCancellationRequested();
            if (_aggregatorFormsDeltas)
            {
                AggregateTrainedModels(count, parallelOptions);
            }

            for (int slot = 0; slot < count; slot++)
            {
                ReceiveUpdate(round, reporting[first + slot], slot, tally);
            }

            AggregateAcceptedUpdates(parallelOptions);
        }

        if (tally.Rejected.Count > MaxRejectionsLoggedPerRound)
        {
            SimulationLog.MoreUpdatesRejected(_logger, _runName, round, tally.Rejected.Count - MaxRejectionsLoggedPerRound);
        }

        double roundClipNorm = _clipNorm;
        (int aggregated, string? keptReason) = selected.Length == 0
            ? (0, _privacy is null
                ? "Poisson sampling selected no client this round."
                : "Poisson sampling selected no client this round, which still counts for the privacy accountant.")
            : UsesPrivateAggregation
                ? UpdateGlobalModelPrivately(round, selected, plan, tally)
                : UpdateGlobalModel(round, plan, parallelOptions);
        if (keptReason is not null)
        {
            SimulationLog.GlobalModelKept(_logger, _runName, round, keptReason);
        }

        _strategy.EndRound(aggregated);
        EndPrivateRound(round, tally);

        EvaluationResult test = _evaluator.Evaluate(_global, _dataset.Test, parallelOptions);
        double[] heldOutAccuracies = _heldOutSplits.Length == 0 ? [] : _evaluator.EvaluateAccuracies(_global, _heldOutSplits, parallelOptions);
        ClientAccuracySummary? clientAccuracy = RoundMetrics.SummarizeClientAccuracy(heldOutAccuracies);
        IReadOnlyList<double?>? groupAccuracy = _population.HasGroups ? GroupAccuracies(heldOutAccuracies) : null;
        double roundSeconds = Stopwatch.GetElapsedTime(roundStart).TotalSeconds;
        SimulationLog.RoundCompleted(
            _logger, _runName, round, test.Accuracy, test.Loss, reporting.Length, selected.Length, plan.DroppedClients, aggregated,
            plan.SimulatedSeconds, roundSeconds);

        return new RoundResult(
            Round: round,
            TestAccuracy: test.Accuracy,
            TestLoss: test.Loss,
            TrainLoss: aggregated > 0 && tally.LossWeight > 0 ? tally.WeightedLoss / tally.LossWeight : double.NaN,
            SampledClients: selected.Length,
            AggregatedClients: aggregated,
            TrainedSamples: tally.TrainedSamples,
            RoundSeconds: roundSeconds,
            ElapsedSeconds: ElapsedSeconds(runClock.Elapsed),
            RejectedUpdates: tally.Rejected,
            TrainingSeconds: trainingTime.TotalSeconds)
        {
            ReportedClients = reporting.Length,
            DroppedClients = plan.DroppedClients,
            MaliciousClients = reporting.Count(_attack.IsMalicious),
            BytesDown = selected.Length * _bytesDownPerClient,
            BytesUp = tally.BytesUp,
            SimulatedSeconds = plan.SimulatedSeconds,
            ClientAccuracy = clientAccuracy,
            GroupAccuracy = groupAccuracy,
            GlobalModelKeptReason = keptReason,
            Epsilon = _privacy?.EpsilonAfter(round),
            ClipNorm = _privacy is null ? null : roundClipNorm,
            ClippedFraction = _privacy is null ? null : tally.ClippedFraction(aggregated),
            SecureAggregationBytes = tally.SecureAggregationBytes,
            SecureAggregationSeconds = tally.SecureAggregationSeconds,
            MaskedUpdate = tally.MaskedUpdate,
        };
    }

    /// <summary>Logs that the run finished all its rounds.</summary>
    public void LogCompleted(double elapsedSeconds) => SimulationLog.RunCompleted(_logger, _runName, _config.Rounds, elapsedSeconds);

    /// <summary>Logs that the run was cancelled during <paramref name="round"/>.</summary>
    public void LogCancelled(int round) => SimulationLog.RunCancelled(_logger, _runName, round);

    /// <summary>Draws the dropouts and simulated durations of the selected clients and decides who reports.</summary>
    private RoundPlan PlanRound(int round, int[] selected)
    {
        var droppedOut = new bool[selected.Length];
        var durations = new double[selected.Length];
        for (int i = 0; i < selected.Length; i++)
        {
            int client = selected[i];
            droppedOut[i] = ClientReliability.DropsOut(_config.Seed, round, client, _population.SettingsOf(client).Dropout);
            long trainedSamples = (long)_config.LocalEpochs * _partition.SizeOf(client);
            durations[i] = _systems.UpdateSeconds(client, trainedSamples, _bytesDownPerClient, _bytesUpPerClient);
        }

        // Under Poisson sampling the server awaits every sampled client; the planner needs at least one.
        int awaited = _config.Sampling == ClientSamplingKind.Poisson ? Math.Max(1, selected.Length) : ClientsPerRound;
        return RoundPlanner.Plan(selected, droppedOut, durations, awaited, _config.RoundDeadlineSeconds);
    }

    /// <summary>
    /// Hands the update in <paramref name="slot"/>, when the client thread found it valid, to the strategy and
    /// queues it for the aggregator. Applies the <see cref="ExperimentConfig.InvalidUpdates"/> policy to an
    /// invalid one.
    /// </summary>
    private void ReceiveUpdate(int round, int client, int slot, UpdateTally tally)
    {
        LocalTrainingResult result = _results[slot];
        tally.BytesUp += _uplinkBytes[slot];
        if (_trained[slot])
        {
            tally.TrainedSamples += (long)result.SampleCount * _config.LocalEpochs;
        }

        string? reason = _rejectionReasons[slot];
        if (reason is not null)
        {
            if (_config.InvalidUpdates == InvalidUpdatePolicy.Fail)
            {
                SimulationLog.RunFailedOnInvalidUpdate(_logger, _runName, round, client, reason);
                throw new ExperimentException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Round {round}: the update of client {client} is invalid because {reason}. Set invalidUpdates to drop in the experiment to leave invalid updates out and continue."));
            }

            if (tally.Rejected.Count < MaxRejectionsLoggedPerRound)
            {
                SimulationLog.UpdateRejected(_logger, _runName, round, client, reason);
            }

            tally.Rejected.Add($"Client {client}: {reason}.");
            return;
        }

        if (_strategy.ReadsClientDeltas)
        {
            _strategy.OnClientAccepted(client, _updates[slot], result.LocalSteps, _settings.LearningRate);
        }

        if (UsesPrivateAggregation)
        {
            AddPrivately(client, slot, result.SampleCount, tally);
        }
        else if (!_aggregatorFormsDeltas)
        {
            _acceptedUpdates[_acceptedCount] = _updates[slot];
            _acceptedWeights[_acceptedCount] = result.SampleCount;
            _acceptedSteps[_acceptedCount] = result.LocalSteps;
            _acceptedCount++;
            CountClientClipping(slot, tally);
        }

        if (_trained[slot])
        {
            tally.WeightedLoss += result.SampleCount * result.TrainLoss;
            tally.LossWeight += result.SampleCount;
        }
    }

    /// <summary>
    /// Adds the group's queued updates to the aggregator in sampled order. One pass over the parameters adds
    /// them all, instead of one pass per update.
    /// </summary>
    private void AggregateAcceptedUpdates(ParallelOptions parallelOptions)
    {
        if (_acceptedCount == 0)
        {
            return;
        }

        _aggregator.AddRange(
            _acceptedUpdates.AsSpan(0, _acceptedCount), _acceptedWeights.AsSpan(0, _acceptedCount), _acceptedSteps.AsSpan(0, _acceptedCount), parallelOptions);
        Array.Clear(_acceptedUpdates, 0, _acceptedCount);
        _acceptedCount = 0;
    }

    /// <summary>
    /// Adds the group's trained models whose checks on the client thread passed to the aggregator, which forms
    /// each delta θ_k − θ as it adds it, in sampled order. Gives each model whose delta has a NaN or infinite
    /// value its rejection reason, as the client thread would have.
    /// </summary>
    private void AggregateTrainedModels(int count, ParallelOptions parallelOptions)
    {
        for (int slot = 0; slot < count; slot++)
        {
            if (_rejectionReasons[slot] is null)
            {
                _acceptedUpdates[_acceptedCount] = _updates[slot];
                _acceptedWeights[_acceptedCount] = _results[slot].SampleCount;
                _acceptedSteps[_acceptedCount] = _results[slot].LocalSteps;
                _acceptedCount++;
            }
        }

        if (_acceptedCount == 0)
        {
            return;
        }

        Span<bool> leftOut = _leftOut.AsSpan(0, _acceptedCount);
        _aggregator.AddTrainedModels(
            _acceptedUpdates.AsSpan(0, _acceptedCount), _global, _acceptedWeights.AsSpan(0, _acceptedCount),
            _acceptedSteps.AsSpan(0, _acceptedCount), leftOut, parallelOptions);
        if (!leftOut.Contains(true))
        {
            Array.Clear(_acceptedUpdates, 0, _acceptedCount);
            _acceptedCount = 0;
            return;
        }

        int candidate = 0;
        for (int slot = 0; slot < count; slot++)
        {
            if (_rejectionReasons[slot] is not null)
            {
                continue;
            }

            if (leftOut[candidate++])
            {
                float[] update = _updates[slot];
                SubtractInPlace(update, _global);
                _rejectionReasons[slot] = FedAvg.FindRejectionReason(update, Layout.ParameterCount, _results[slot].SampleCount)
                    ?? "its delta has a value that is not a finite number";
            }
        }

        Array.Clear(_acceptedUpdates, 0, _acceptedCount);
        _acceptedCount = 0;
    }

    /// <summary>
    /// Lets the strategy apply the aggregate of the accepted updates, and returns how many were aggregated, or
    /// why the global model was kept.
    /// </summary>
    /// <remarks>
    /// Throws <see cref="ExperimentException"/> when the server step leaves a NaN or infinite parameter, because
    /// every later round would start from it.
    /// </remarks>
    private (int Aggregated, string? KeptReason) UpdateGlobalModel(int round, RoundPlan plan, ParallelOptions parallelOptions)
    {
        if (_aggregator.Count == 0)
        {
            return (0, NoUpdateReason(plan));
        }

        try
        {
            _aggregator.WriteResult(_pseudoGradient, parallelOptions);
        }
        catch (AggregationException exception)
        {
            return (0, exception.Message);
        }

        _strategy.ApplyServerUpdate(_global, _pseudoGradient);
        ThrowIfDiverged(round);
        return (_aggregator.Count, null);
    }

    /// <summary>Returns why a round with no accepted update keeps the global model.</summary>
    private static string NoUpdateReason(RoundPlan plan) => plan.Reporting.Length == 0
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"No selected client reported: {plan.DroppedOut} dropped out and {plan.Stragglers} missed the round deadline.")
        : string.Create(CultureInfo.InvariantCulture, $"All {plan.Reporting.Length} reported updates were rejected as invalid.");

    /// <summary>Throws <see cref="ExperimentException"/> when the server step left a NaN or infinite parameter.</summary>
    private void ThrowIfDiverged(int round)
    {
        // NOTE: no test reaches this check. Validated updates are finite, so only a server step on values near the
        // float32 limit (about 3.4e38) can overflow, and no experiment within the limits was found that does.
        int nonFinite = FedAvg.IndexOfNonFinite(_global);
        if (nonFinite >= 0)
        {
            string value = _global[nonFinite].ToString(CultureInfo.InvariantCulture);
            SimulationLog.GlobalModelDiverged(_logger, _runName, round, nonFinite, value);
            throw new ExperimentException(
                string.Create(CultureInfo.InvariantCulture, $"Round {round}: the server update made parameter {nonFinite} of the global model {value}, so training diverged. ") +
                "Lower the learning rate, the server learning rate or the server momentum, or use a robust aggregation rule against scaling and Gaussian attackers.");
        }
    }

    /// <summary>Running totals of the updates received in one round.</summary>
    private sealed class UpdateTally
    {
        public List<string> Rejected { get; } = [];

        /// <summary>Accepted updates that went to the private sum or to secure aggregation instead of the aggregator.</summary>
        public int PrivatelyAccepted { get; set; }

        /// <summary>Accepted updates whose norm was at most the clip norm (the bits b_k of adaptive clipping).</summary>
        public int Unclipped { get; set; }

        /// <summary>Accepted updates whose norm exceeded the clip norm.</summary>
        public int Clipped { get; set; }

        /// <summary>The vectors n_k·Δ_k ‖ n_k (or Δ_k ‖ 1 under client DP) that go into secure aggregation, in selection order.</summary>
        public List<(int Client, float[] Values)> SecureInputs { get; } = [];

        public long SecureAggregationBytes { get; set; }

        public double SecureAggregationSeconds { get; set; }

        public MaskedUpdateSample? MaskedUpdate { get; set; }

        /// <summary>Returns Clipped / aggregated, or 0 when nothing was aggregated.</summary>
        public double ClippedFraction(int aggregated) => aggregated > 0 ? (double)Clipped / aggregated : 0;

        public long TrainedSamples { get; set; }

        public long BytesUp { get; set; }

        public double WeightedLoss { get; set; }

        public double LossWeight { get; set; }
    }
}
