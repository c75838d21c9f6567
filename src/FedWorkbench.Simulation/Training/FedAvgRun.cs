using System.Collections.Concurrent;
using System.Diagnostics;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Partitioning;
using Microsoft.Extensions.Logging;

namespace FedWorkbench.Simulation.Training;

/// <summary>
/// The state of one running experiment and its FedAvg round: sample clients, train them in parallel, validate
/// and average their updates, evaluate the new global model on the test split.
/// </summary>
internal sealed class FedAvgRun
{
    /// <summary>Memory for client updates held at once, unless two per thread need more: 64 MiB, 84 updates of the 2NN.</summary>
    public const long DefaultMaxUpdateBufferBytes = 64L * 1024 * 1024;

    /// <summary>Parameters per aggregation chunk: 4,096 float64 sums, 32 KiB, stay in the L1 or L2 cache.</summary>
    private const int AggregationChunk = 4_096;

    /// <summary>Rejected updates logged one by one per round; the rest are logged as a count.</summary>
    private const int MaxRejectionsLoggedPerRound = 10;

    private readonly ExperimentConfig _config;
    private readonly Dataset _dataset;
    private readonly ClientPartition _partition;
    private readonly LocalTrainingSettings _settings;
    private readonly int _maxDegreeOfParallelism;
    private readonly ILogger _logger;
    private readonly string _runName;

    private readonly float[] _global;
    private readonly double[] _weightedSum;
    private readonly float[][] _updates;
    private readonly LocalTrainingResult[] _results;
    private readonly ConcurrentBag<LocalTrainingWorkspace> _workspaces = [];
    private readonly ModelEvaluator _evaluator;

    private FedAvgRun(
        ExperimentConfig config, Dataset dataset, ClientPartition partition, int maxDegreeOfParallelism, long maxUpdateBufferBytes, ILogger logger)
    {
        _config = config;
        _dataset = dataset;
        _partition = partition;
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
        _logger = logger;
        _runName = string.IsNullOrWhiteSpace(config.Name) ? "(unnamed)" : config.Name;
        _settings = new LocalTrainingSettings(config.LocalEpochs, config.BatchSize, (float)config.LearningRate);

        PartitionStatistics = PartitionStatistics.Compute(partition, dataset.Train.Labels, dataset.ClassCount);
        Layout = ModelLayout.ForExperiment(config, dataset.FeatureCount, dataset.ClassCount);
        ClientsPerRound = ClientSampler.ClientsPerRound(config.Clients, config.ClientFraction);
        _global = ModelInitializer.Create(Layout, config.Seed);
        _weightedSum = new double[Layout.ParameterCount];
        _evaluator = new ModelEvaluator(Layout);

        // A round trains its clients in groups whose update buffers fit maxUpdateBufferBytes, so memory stays
        // bounded when C·K is large. Each group keeps every thread busy with at least two clients.
        long bufferBytes = (long)Layout.ParameterCount * sizeof(float);
        int groupSize = (int)Math.Min(ClientsPerRound, Math.Max(2L * maxDegreeOfParallelism, maxUpdateBufferBytes / bufferBytes));
        _updates = new float[groupSize][];
        for (int i = 0; i < groupSize; i++)
        {
            _updates[i] = new float[Layout.ParameterCount];
        }

        _results = new LocalTrainingResult[groupSize];
    }

    /// <summary>Each client's size and label histogram, computed once when the run is created.</summary>
    public PartitionStatistics PartitionStatistics { get; }

    /// <summary>Network shape of the run.</summary>
    public ModelLayout Layout { get; }

    /// <summary>Clients sampled per round, m = max(1, ⌊C·K⌋).</summary>
    public int ClientsPerRound { get; }

    /// <summary>The current global model. Callers must not change it.</summary>
    public ReadOnlySpan<float> GlobalParameters => _global;

    /// <summary>
    /// Loads the dataset, splits it across clients and initializes the global model. Throws
    /// <see cref="ExperimentException"/> when the data or the partition is unusable.
    /// </summary>
    public static FedAvgRun Create(
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

        var run = new FedAvgRun(config, dataset, partition, maxDegreeOfParallelism, maxUpdateBufferBytes, logger);
        SimulationLog.RunStarted(
            logger, run._runName, config.Rounds, run.Layout.ToString(), run.Layout.ParameterCount, dataset.Name,
            config.Clients, run.ClientsPerRound, config.Seed);
        return run;
    }

    /// <summary>Runs round <paramref name="round"/> (starting at 1) and returns its metrics.</summary>
    public RoundResult RunRound(int round, Stopwatch runClock, CancellationToken cancellationToken)
    {
        long roundStart = Stopwatch.GetTimestamp();
        var parallelOptions = new ParallelOptions
        {
            MaxDegreeOfParallelism = _maxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };

        int[] sampled = ClientSampler.Sample(_config.Seed, round, _config.Clients, _config.ClientFraction);
        var rejected = new List<string>();
        Array.Clear(_weightedSum);
        double totalWeight = 0;
        double weightedLoss = 0;
        long trainedSamples = 0;
        int aggregated = 0;
        TimeSpan trainingTime = TimeSpan.Zero;
        var accepted = new List<(int Slot, double Weight)>();

        for (int first = 0; first < sampled.Length; first += _updates.Length)
        {
            int count = Math.Min(_updates.Length, sampled.Length - first);
            long trainingStart = Stopwatch.GetTimestamp();
            TrainClients(round, sampled.AsSpan(first, count).ToArray(), parallelOptions);
            trainingTime += Stopwatch.GetElapsedTime(trainingStart);
            cancellationToken.ThrowIfCancellationRequested();

            accepted.Clear();
            for (int i = 0; i < count; i++)
            {
                int client = sampled[first + i];
                LocalTrainingResult result = _results[i];
                trainedSamples += (long)result.SampleCount * _config.LocalEpochs;

                string? reason = FedAvg.FindRejectionReason(_updates[i], Layout.ParameterCount, result.SampleCount);
                if (reason is not null)
                {
                    if (rejected.Count < MaxRejectionsLoggedPerRound)
                    {
                        SimulationLog.UpdateRejected(_logger, _runName, round, client, reason);
                    }

                    rejected.Add($"Client {client}: {reason}.");
                    continue;
                }

                accepted.Add((i, result.SampleCount));
                totalWeight += result.SampleCount;
                weightedLoss += result.SampleCount * result.TrainLoss;
                aggregated++;
            }

            AccumulateUpdates(accepted, parallelOptions);
        }

        if (rejected.Count > MaxRejectionsLoggedPerRound)
        {
            SimulationLog.MoreUpdatesRejected(_logger, _runName, round, rejected.Count - MaxRejectionsLoggedPerRound);
        }

        if (totalWeight > 0)
        {
            FedAvg.WriteWeightedMean(_weightedSum, totalWeight, _global);
        }
        else
        {
            SimulationLog.GlobalModelKept(_logger, _runName, round);
        }

        EvaluationResult test = _evaluator.Evaluate(_global, _dataset.Test, parallelOptions);
        double roundSeconds = Stopwatch.GetElapsedTime(roundStart).TotalSeconds;
        SimulationLog.RoundCompleted(_logger, _runName, round, test.Accuracy, test.Loss, aggregated, sampled.Length, roundSeconds);

        return new RoundResult(
            Round: round,
            TestAccuracy: test.Accuracy,
            TestLoss: test.Loss,
            TrainLoss: totalWeight > 0 ? weightedLoss / totalWeight : double.NaN,
            SampledClients: sampled.Length,
            AggregatedClients: aggregated,
            TrainedSamples: trainedSamples,
            RoundSeconds: roundSeconds,
            ElapsedSeconds: runClock.Elapsed.TotalSeconds,
            RejectedUpdates: rejected,
            TrainingSeconds: trainingTime.TotalSeconds);
    }

    /// <summary>Logs that the run finished all its rounds.</summary>
    public void LogCompleted(double elapsedSeconds) => SimulationLog.RunCompleted(_logger, _runName, _config.Rounds, elapsedSeconds);

    /// <summary>Logs that the run was cancelled during <paramref name="round"/>.</summary>
    public void LogCancelled(int round) => SimulationLog.RunCancelled(_logger, _runName, round);

    /// <summary>
    /// Adds the accepted updates of a group to the float64 sum, in parallel over chunks of parameters. Every
    /// parameter receives the updates in sampled order, so the sum is the same for any thread schedule.
    /// </summary>
    private void AccumulateUpdates(List<(int Slot, double Weight)> accepted, ParallelOptions parallelOptions)
    {
        if (accepted.Count == 0)
        {
            return;
        }

        int parameterCount = Layout.ParameterCount;
        int chunkCount = (parameterCount + AggregationChunk - 1) / AggregationChunk;
        Parallel.For(0, chunkCount, parallelOptions, chunk =>
        {
            int start = chunk * AggregationChunk;
            int length = Math.Min(AggregationChunk, parameterCount - start);
            Span<double> sum = _weightedSum.AsSpan(start, length);
            foreach ((int slot, double weight) in accepted)
            {
                FedAvg.AccumulateWeighted(sum, _updates[slot].AsSpan(start, length), weight);
            }
        });
    }

    /// <summary>Trains <paramref name="clients"/> in parallel, writing client i's model to _updates[i] and its result to _results[i].</summary>
    private void TrainClients(int round, int[] clients, ParallelOptions parallelOptions)
    {
        CancellationToken cancellationToken = parallelOptions.CancellationToken;
        Parallel.For(
            0,
            clients.Length,
            parallelOptions,
            () => _workspaces.TryTake(out LocalTrainingWorkspace? workspace) ? workspace : new LocalTrainingWorkspace(Layout, _settings.BatchSize),
            (i, _, workspace) =>
            {
                int client = clients[i];
                _results[i] = LocalTrainer.Train(
                    workspace, _global, _dataset.Train, _partition.IndicesOf(client), _settings,
                    new LocalTrainingSeed(_config.Seed, round, client), default, _updates[i], cancellationToken);
                return workspace;
            },
            _workspaces.Add);
    }

    private static void CheckDataset(Dataset dataset)
    {
        if (dataset.ClassCount < 2 || dataset.ClassCount > byte.MaxValue + 1)
        {
            throw new ExperimentException($"Dataset {dataset.Name} has {dataset.ClassCount} classes, but the engine needs between 2 and 256.");
        }

        if (dataset.Train.Count == 0 || dataset.Test.Count == 0)
        {
            throw new ExperimentException(
                $"Dataset {dataset.Name} has {dataset.Train.Count} training and {dataset.Test.Count} test samples, but both splits need at least one.");
        }

        CheckLabels(dataset, dataset.Train, "training");
        CheckLabels(dataset, dataset.Test, "test");
    }

    private static void CheckLabels(Dataset dataset, DataSplit split, string splitName)
    {
        ReadOnlySpan<byte> labels = split.Labels;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= dataset.ClassCount)
            {
                throw new ExperimentException(
                    $"Dataset {dataset.Name}: {splitName} sample {i} has label {labels[i]}, but there are only {dataset.ClassCount} classes. The data files may be corrupt.");
            }
        }
    }

    private static void CheckPartition(ClientPartition partition, int clients, int trainCount)
    {
        if (partition.ClientCount != clients)
        {
            throw new ExperimentException($"The partition has {partition.ClientCount} clients, but the experiment is configured for {clients}.");
        }

        var seen = new bool[trainCount];
        for (int client = 0; client < clients; client++)
        {
            ReadOnlySpan<int> indices = partition.IndicesOf(client);
            if (indices.IsEmpty)
            {
                throw new ExperimentException($"Client {client} received no training samples. Use fewer clients or a larger Dirichlet α.");
            }

            foreach (int index in indices)
            {
                if ((uint)index >= (uint)trainCount || seen[index])
                {
                    throw new ExperimentException(
                        $"The partition gives client {client} training sample {index}, which is out of range [0, {trainCount}) or already held by another client.");
                }

                seen[index] = true;
            }
        }
    }
}
