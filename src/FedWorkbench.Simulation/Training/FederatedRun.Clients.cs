using System.Runtime.CompilerServices;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Randomness;
using FedWorkbench.Simulation.Training.Compression;

namespace FedWorkbench.Simulation.Training;

/// <summary>Client-side work of a round: local training, attack and compression, and the held-out splits.</summary>
internal sealed partial class FederatedRun
{
    /// <summary>
    /// Trains clients[first..first + count) in parallel and turns each result into the update the server
    /// receives: the i-th client's delta Δ = θ_i − θ, after its attack and compression, goes to _updates[i], its
    /// training result to _results[i], its uplink bytes to _uplinkBytes[i], and the reason to reject it, or
    /// null, to _rejectionReasons[i]. When the aggregator forms the deltas, _updates[i] gets the trained model
    /// θ_i instead, and the values are checked later.
    /// </summary>
    /// <remarks>
    /// The validity check runs on the client's thread, so the server-side loop over the updates only queues them.
    /// </remarks>
    private void TrainClients(int round, int[] clients, int first, int count, ParallelOptions parallelOptions)
    {
        CancellationToken cancellationToken = parallelOptions.CancellationToken;
        Parallel.For(
            0,
            count,
            parallelOptions,
            () => _workspaces.TryTake(out LocalTrainingWorkspace? workspace) ? workspace : new LocalTrainingWorkspace(Layout, _settings.BatchSize),
            (i, _, workspace) =>
            {
                int client = clients[first + i];
                float[] update = _updates[i];
                bool finite = false;
                ReadOnlySpan<int> indices = _partition.IndicesOf(client);
                if (_attack.SkipsTraining(client))
                {
                    // The attacker claims the sample count and steps of an honest client, so its weight is not suspicious.
                    Array.Clear(update);
                    int steps = _settings.Epochs * ((indices.Length + _settings.BatchSize - 1) / _settings.BatchSize);
                    _results[i] = new LocalTrainingResult(indices.Length, double.NaN, steps);
                    _trained[i] = false;
                }
                else
                {
                    ClientTrainingOptions options = _strategy.ClientOptions(client) with
                    {
                        FeatureNoiseStd = _featureNoiseStd[client],
                        FlipLabels = _attack.FlipsLabels(client),
                    };
                    _results[i] = LocalTrainer.Train(
                        workspace, _global, _dataset.Train, indices, _settings,
                        new LocalTrainingSeed(_config.Seed, round, client), options, update, cancellationToken);
                    _trained[i] = true;
                    if (_aggregatorFormsDeltas)
                    {
                        // The aggregator subtracts the global model and checks the values as it adds the model.
                        _uplinkBytes[i] = _compressor.Compress(update, _config.Seed, round, client) + _extraBytesUpPerClient;
                        _rejectionReasons[i] = FedAvg.FindRejectionReason(
                            update, Layout.ParameterCount, _results[i].SampleCount, valuesKnownFinite: true);
                        return workspace;
                    }

                    finite = SubtractInPlace(update, _global);
                }

                _clientNorms[i] = ApplyClientPrivacy(update, round, client);
                _attack.Tamper(update, _config.Seed, round, client);
                _uplinkBytes[i] = _compressor.Compress(update, _config.Seed, round, client) + _extraBytesUpPerClient;

                // The subtraction already found every value finite, unless privacy, an attack or compression
                // changed the delta after it.
                bool unchangedSinceSubtraction = double.IsNaN(_clientNorms[i]) && !_attack.IsMalicious(client) && _compressor is NoCompression;
                _rejectionReasons[i] = FedAvg.FindRejectionReason(
                    update, Layout.ParameterCount, _results[i].SampleCount, valuesKnownFinite: finite && unchangedSinceSubtraction);
                return workspace;
            },
            _workspaces.Add);
    }

    /// <summary>
    /// Gathers every client's held-out samples once per run, with the client's feature noise drawn from
    /// <c>SeededRandom(seed, RandomStreams.FeatureNoise, 0, client)</c>; round 0 is a stream that training never uses.
    /// </summary>
    /// <remarks>Sets <see cref="_heldOutClients"/> to the client of each split, in the same order.</remarks>
    private DataSplit[] GatherHeldOutSplits()
    {
        var splits = new List<DataSplit>();
        var clients = new List<int>();
        for (int client = 0; client < _partition.ClientCount; client++)
        {
            ReadOnlySpan<int> heldOut = _partition.HeldOutOf(client);
            if (heldOut.IsEmpty)
            {
                continue;
            }

            var noise = new SeededRandom(_config.Seed, RandomStreams.FeatureNoise, 0, client);
            splits.Add(ModelEvaluator.GatherSubset(_dataset.Train, heldOut, _featureNoiseStd[client], noise));
            clients.Add(client);
        }

        _heldOutClients = [.. clients];
        return [.. splits];
    }

    /// <summary>
    /// Returns, per client group, the mean of <paramref name="accuracies"/> (one per held-out split) over the
    /// group's clients, or null for a group none of whose clients has a held-out split.
    /// </summary>
    private double?[] GroupAccuracies(ReadOnlySpan<double> accuracies)
    {
        int groupCount = _population.Groups.Count;
        var sums = new double[groupCount];
        var counts = new int[groupCount];
        for (int i = 0; i < accuracies.Length; i++)
        {
            int group = _population.GroupOf(_heldOutClients[i]);
            sums[group] += accuracies[i];
            counts[group]++;
        }

        var means = new double?[groupCount];
        for (int group = 0; group < groupCount; group++)
        {
            means[group] = counts[group] == 0 ? null : sums[group] / counts[group];
        }

        return means;
    }

    /// <summary>
    /// Computes model[i] −= global[i], turning a trained model into its delta, and returns whether every value
    /// of the delta is finite.
    /// </summary>
    /// <remarks>
    /// The finiteness test costs no extra pass over the delta: d − d is +0 for a finite d and NaN otherwise, so
    /// the sum of d − d over all values is 0 exactly when all are finite.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool SubtractInPlace(Span<float> model, ReadOnlySpan<float> global)
    {
        int i = 0;
        var check = System.Numerics.Vector<float>.Zero;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int width = System.Numerics.Vector<float>.Count;
            for (; i <= model.Length - width; i += width)
            {
                var difference = new System.Numerics.Vector<float>(model[i..]) - new System.Numerics.Vector<float>(global[i..]);
                difference.CopyTo(model[i..]);
                check += difference - difference;
            }
        }

        bool finite = System.Numerics.Vector.EqualsAll(check, System.Numerics.Vector<float>.Zero);
        for (; i < model.Length; i++)
        {
            model[i] -= global[i];
            finite &= float.IsFinite(model[i]);
        }

        return finite;
    }
}
