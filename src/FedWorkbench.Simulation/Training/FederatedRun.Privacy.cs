using System.Diagnostics;
using System.Globalization;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Privacy;
using FedWorkbench.Simulation.Privacy.SecureAggregation;

namespace FedWorkbench.Simulation.Training;

/// <summary>
/// Differential privacy and secure aggregation in the round: client-side clipping and noise, the server's clipped
/// and noised sum, adaptive clipping, and the masked sum of secure aggregation.
/// </summary>
internal sealed partial class FederatedRun
{
    private readonly PrivacyAccounting? _privacy;
    private readonly double[]? _privateSum;
    private readonly SecureAggregationProtocol? _secureAggregation;

    /// <summary>The clip norm S of the current round; adaptive clipping changes it after every round.</summary>
    private double _clipNorm;

    /// <summary>Whether the server adds Gaussian noise to an unweighted sum: central, adaptive and client DP.</summary>
    private bool UsesServerNoise => _config.DifferentialPrivacy
        is DifferentialPrivacyKind.Central or DifferentialPrivacyKind.CentralAdaptive or DifferentialPrivacyKind.Client;

    /// <summary>Whether accepted updates bypass the strategy's aggregator.</summary>
    private bool UsesPrivateAggregation => UsesServerNoise || _secureAggregation is not null;

    /// <summary>The noise multiplier z (or z_Δ under adaptive clipping) applied to the clipped sum this round.</summary>
    private double UpdateNoiseMultiplier
    {
        get
        {
            double z = _privacy!.NoiseMultiplier;
            if (_config.DifferentialPrivacy != DifferentialPrivacyKind.CentralAdaptive)
            {
                return z;
            }

            // PrivacyAccounting.Create rejected a z for which z_Δ does not exist.
            return AdaptiveClipping.UpdateNoiseMultiplier(z, AdaptiveClipping.CountNoiseStd(_privacy.ExpectedClients))!.Value;
        }
    }

    private void BeginPrivateRound()
    {
        if (_privateSum is not null)
        {
            Array.Clear(_privateSum);
        }
    }

    /// <summary>
    /// Applies the client side of client or local DP to an honest client's delta and returns its norm before
    /// clipping; NaN when the client applies nothing. Malicious clients skip it, so their updates reach the server
    /// unclipped under client DP and the noise does not cover them.
    /// </summary>
    private double ApplyClientPrivacy(Span<float> update, int round, int client)
    {
        if (_attack.IsMalicious(client))
        {
            return double.NaN;
        }

        return _config.DifferentialPrivacy switch
        {
            DifferentialPrivacyKind.Client => UpdateClipping.ClipInPlace(update, _clipNorm),
            DifferentialPrivacyKind.Local => LocalPrivacy.Perturb(update, _clipNorm, _privacy!.LocalNoiseStd, _config.Seed, round, client),
            _ => double.NaN,
        };
    }

    /// <summary>Counts whether the client clipped the update in <paramref name="slot"/>, under client or local DP.</summary>
    private void CountClientClipping(int slot, UpdateTally tally)
    {
        double norm = _clientNorms[slot];
        if (double.IsNaN(norm))
        {
            return;
        }

        if (norm > _clipNorm)
        {
            tally.Clipped++;
        }
        else
        {
            tally.Unclipped++;
        }
    }

    /// <summary>
    /// Adds an accepted update to the server's clipped sum, or prepares it for secure aggregation. Central and
    /// adaptive DP clip here on the server, while under client DP the client has already clipped.
    /// </summary>
    private void AddPrivately(int client, int slot, int sampleCount, UpdateTally tally)
    {
        float[] update = _updates[slot];
        tally.PrivatelyAccepted++;
        if (_config.DifferentialPrivacy is DifferentialPrivacyKind.Central or DifferentialPrivacyKind.CentralAdaptive)
        {
            double norm = UpdateClipping.ClipInPlace(update, _clipNorm);
            if (norm > _clipNorm)
            {
                tally.Clipped++;
            }
            else
            {
                tally.Unclipped++;
            }
        }
        else
        {
            CountClientClipping(slot, tally);
        }

        if (_secureAggregation is not null)
        {
            // Client DP sums the clipped deltas without weights. Otherwise each client sends n_k·Δ_k with n_k
            // appended, so the weighted mean is the sum divided by its last value.
            double weight = UsesServerNoise ? 1.0 : sampleCount;
            var values = new float[update.Length + 1];
            for (int i = 0; i < update.Length; i++)
            {
                values[i] = (float)(weight * update[i]);
            }

            values[update.Length] = (float)weight;
            tally.SecureInputs.Add((client, values));
            return;
        }

        double[] sum = _privateSum!;
        for (int i = 0; i < update.Length; i++)
        {
            sum[i] += update[i];
        }
    }

    /// <summary>
    /// Writes the round's pseudo-gradient from the private sum or from secure aggregation and applies the server
    /// step. Returns how many updates were aggregated, or why the global model was kept.
    /// </summary>
    private (int Aggregated, string? KeptReason) UpdateGlobalModelPrivately(int round, int[] selected, RoundPlan plan, UpdateTally tally)
    {
        // Under secure aggregation too few reports are a protocol failure, so the RoundFailures policy decides.
        if (tally.PrivatelyAccepted == 0 && _secureAggregation is null)
        {
            return (0, NoUpdateReason(plan));
        }

        ReadOnlySpan<double> sum = _privateSum;
        double weightSum = 0;
        if (_secureAggregation is not null)
        {
            double[]? secureSum = RunSecureAggregation(round, selected, tally, out string? failure);
            if (secureSum is null)
            {
                return (0, failure);
            }

            sum = secureSum.AsSpan(0, Layout.ParameterCount);
            weightSum = secureSum[Layout.ParameterCount];
        }

        if (UsesServerNoise)
        {
            double noiseStd = UpdateNoiseMultiplier * _clipNorm;
            CentralPrivacy.WriteNoisyMean(sum, noiseStd, _privacy!.ExpectedClients, _config.Seed, round, _pseudoGradient);
        }
        else
        {
            if (!(weightSum > 0))
            {
                return (0, string.Create(CultureInfo.InvariantCulture,
                    $"The securely aggregated sample count is {weightSum:G6}, so the weighted mean is undefined."));
            }

            for (int i = 0; i < _pseudoGradient.Length; i++)
            {
                _pseudoGradient[i] = (float)(sum[i] / weightSum);
            }
        }

        _strategy.ApplyServerUpdate(_global, _pseudoGradient);
        ThrowIfDiverged(round);
        return (tally.PrivatelyAccepted, null);
    }

    /// <summary>
    /// Runs secure aggregation over the prepared inputs and returns the unmasked sum, or null with the reason when
    /// too few clients reported and <see cref="ExperimentConfig.RoundFailures"/> is Skip. Throws
    /// <see cref="ExperimentException"/> under the Fail policy.
    /// </summary>
    private double[]? RunSecureAggregation(int round, int[] selected, UpdateTally tally, out string? failure)
    {
        // NOTE: the fixed-point bound is the largest magnitude among this round's inputs. A deployment would fix
        // it in advance (for example from the clip norm), because the server cannot see the values.
        double bound = 0;
        foreach ((int _, float[] values) in tally.SecureInputs)
        {
            foreach (float value in values)
            {
                bound = Math.Max(bound, Math.Abs(value));
            }
        }

        long start = Stopwatch.GetTimestamp();
        try
        {
            SecureAggregationResult result = _secureAggregation!.Aggregate(round, selected, tally.SecureInputs, Math.Max(bound, 1e-6));
            tally.SecureAggregationSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            tally.SecureAggregationBytes = result.BytesUp + result.BytesDown - PlainUploadBytes(tally);
            tally.MaskedUpdate = ToDeltaSample(result.Sample, tally.SecureInputs);
            failure = null;
            return result.Sum;
        }
        catch (SecureAggregationException exception)
        {
            tally.SecureAggregationSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

            // Every selected client exchanged keys and shares, and the reporting ones sent masked vectors, before the
            // server found too few of them to unmask. So only the unmasking shares and the survivors list are missing.
            int selectedCount = selected.Length;
            int reportedCount = tally.SecureInputs.Count;
            long bytesUp = SecureAggregationTraffic.BytesUp(selectedCount, reportedCount, Layout.ParameterCount + 1)
                - ((long)SecureAggregationTraffic.UnmaskingShareBytes * reportedCount * selectedCount);
            tally.SecureAggregationBytes = bytesUp + SecureAggregationTraffic.BytesDown(selectedCount, 0) - PlainUploadBytes(tally);
            SimulationLog.SecureAggregationFailed(_logger, _runName, round, exception.Message);
            if (_config.RoundFailures == RoundFailurePolicy.Fail)
            {
                // The protocol's message names the round, the counts and the settings to change.
                throw new ExperimentException(exception.Message + " Or set roundFailures to skip to keep the global model and continue.");
            }

            failure = exception.Message;
            return null;
        }
    }

    /// <summary>
    /// Returns the bytes of the reporting clients' plain float32 updates, which <see cref="RoundResult.BytesUp"/>
    /// already counts; the masked vectors replace them, so only the rest is secure aggregation's own traffic.
    /// </summary>
    private long PlainUploadBytes(UpdateTally tally) => 4L * Layout.ParameterCount * tally.SecureInputs.Count;

    /// <summary>
    /// Divides the sample's real values by the client's weight, so it shows Δ_k while the masked values still
    /// encode what the client sent, n_k·Δ_k.
    /// </summary>
    private static MaskedUpdateSample ToDeltaSample(MaskedUpdateSample sample, List<(int Client, float[] Values)> inputs)
    {
        float[] sent = inputs.First(input => input.Client == sample.Client).Values;
        float weight = sent[^1];
        float[] delta = [.. sample.Update.Select(value => value / weight)];
        return sample with { Update = delta };
    }

    /// <summary>Moves the clip norm of adaptive clipping toward the target quantile after the round.</summary>
    private void EndPrivateRound(int round, UpdateTally tally)
    {
        if (_config.DifferentialPrivacy != DifferentialPrivacyKind.CentralAdaptive)
        {
            return;
        }

        _clipNorm = AdaptiveClipping.NextClipNorm(
            _clipNorm, tally.Unclipped, _privacy!.ExpectedClients, _config.ClipQuantile, _config.ClipLearningRate, _config.Seed, round);
    }
}
