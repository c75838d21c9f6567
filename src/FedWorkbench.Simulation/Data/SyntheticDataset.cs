using System.Globalization;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Data;

/// <summary>
/// The Synthetic(α, β) generator of the FedProx paper (Li et al. 2020, "Federated Optimization in Heterogeneous
/// Networks"): 60 features and 10 classes drawn from a mixture of latent devices, each with its own labelling
/// model and input distribution. Needs no files, so tests and installations without Fashion-MNIST use it.
/// </summary>
/// <remarks>
/// <para>
/// For each of <see cref="DeviceCount"/> latent devices k the generator draws u_k ~ N(0, α²), B_k ~ N(0, β²),
/// W_k ∈ ℝ^(10×60) and b_k ∈ ℝ^10 with entries ~ N(u_k, 1), and a mean v_k ∈ ℝ^60 with entries ~ N(B_k, 1). The
/// device's samples are x ~ N(v_k, Σ) with Σ diagonal, Σ_jj = j^(−1.2), and y = argmax(softmax(W_k·x + b_k)).
/// The paper writes N(0, α) and N(0, β). The authors' reference code (litian96/FedProx,
/// data/synthetic_1_1/generate_synthetic.py) passes α and β as standard deviations, and so does this class.
/// </para>
/// <para>
/// NOTE: as specified, α has no effect on the data. The scalar u_k adds u_k·(Σ_j x_j + 1) to every class logit
/// alike, which leaves the argmax unchanged, so for a fixed seed every α gives the same labels. Data heterogeneity
/// comes from β and from each device's own draws of W_k, b_k and v_k. The generator keeps the published definition
/// so that results stay comparable with the literature.
/// </para>
/// <para>
/// Differences from the paper: every device contributes the same number of samples (the reference code draws
/// lognormal sizes), and the samples of all devices are pooled into one training set of <see cref="TrainCount"/>
/// and one test set of <see cref="TestCount"/>. The workbench's own partitioners then split the pooled training
/// set, so the latent devices are not the simulated clients. Their heterogeneity shows up as a mixture of labelling
/// models and input distributions within the pool.
/// </para>
/// <para>
/// After generation every feature is standardized with the training set's mean and standard deviation, and the
/// test set uses the same shift and scale. Raw feature magnitudes grow with β, and an SGD step changes the logits
/// in proportion to the squared feature norm, so without this a learning rate that suits one β is far too large at
/// another. The map is affine per feature, so each device's labels stay the argmax of an affine function of the
/// standardized features.
/// </para>
/// <para>
/// The output is a deterministic function of (α, β, seed): device k draws from <c>SeededRandom(seed, RandomStreams.DataGeneration, k)</c>.
/// </para>
/// </remarks>
public static class SyntheticDataset
{
    /// <summary>Number of features per sample.</summary>
    public const int FeatureCount = 60;

    /// <summary>Number of classes.</summary>
    public const int ClassCount = 10;

    /// <summary>Number of latent devices, each with its own labelling model and input distribution.</summary>
    public const int DeviceCount = 30;

    /// <summary>Number of training samples, pooled over all devices.</summary>
    public const int TrainCount = 6_000;

    /// <summary>Number of test samples, pooled over all devices.</summary>
    public const int TestCount = 1_000;

    /// <summary>Class names indexed by label; the classes have no meaning beyond their index.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        Enumerable.Range(0, ClassCount).Select(label => "Class " + label.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Generates Synthetic(<paramref name="alpha"/>, <paramref name="beta"/>) for <paramref name="seed"/>.</summary>
    /// <param name="alpha">Standard deviation of the per-device mean u_k of the labelling model; at least 0. It does not change the data (see remarks).</param>
    /// <param name="beta">Standard deviation of the per-device input mean B_k; at least 0.</param>
    /// <param name="seed">Experiment seed.</param>
    public static Dataset Generate(double alpha, double beta, int seed)
    {
        if (!(alpha >= 0 && double.IsFinite(alpha)))
        {
            throw new ExperimentException($"Synthetic α {alpha.ToString("G", CultureInfo.InvariantCulture)} must be a finite number of at least 0.");
        }

        if (!(beta >= 0 && double.IsFinite(beta)))
        {
            throw new ExperimentException($"Synthetic β {beta.ToString("G", CultureInfo.InvariantCulture)} must be a finite number of at least 0.");
        }

        var trainFeatures = new float[TrainCount * FeatureCount];
        var trainLabels = new byte[TrainCount];
        var testFeatures = new float[TestCount * FeatureCount];
        var testLabels = new byte[TestCount];

        int trainOffset = 0;
        int testOffset = 0;
        for (int device = 0; device < DeviceCount; device++)
        {
            int trainSize = ShareOf(TrainCount, device);
            int testSize = ShareOf(TestCount, device);
            var random = new SeededRandom(seed, RandomStreams.DataGeneration, device);
            var model = DeviceModel.Draw(ref random, alpha, beta);

            model.Sample(ref random, trainFeatures.AsSpan(trainOffset * FeatureCount, trainSize * FeatureCount), trainLabels.AsSpan(trainOffset, trainSize));
            model.Sample(ref random, testFeatures.AsSpan(testOffset * FeatureCount, testSize * FeatureCount), testLabels.AsSpan(testOffset, testSize));
            trainOffset += trainSize;
            testOffset += testSize;
        }

        Standardize(trainFeatures, testFeatures);

        string name = string.Create(CultureInfo.InvariantCulture, $"Synthetic({alpha:G}, {beta:G})");
        return new Dataset(
            name,
            FeatureCount,
            ClassNames,
            new DataSplit(trainFeatures, trainLabels, FeatureCount),
            new DataSplit(testFeatures, testLabels, FeatureCount));
    }

    /// <summary>Returns device <paramref name="device"/>'s share of <paramref name="total"/>. Shares differ by at most one.</summary>
    private static int ShareOf(int total, int device) => total / DeviceCount + (device < total % DeviceCount ? 1 : 0);

    /// <summary>
    /// Shifts and scales every feature to mean 0 and standard deviation 1 over the training set, and applies the
    /// same map to the test set. A feature that is constant in the training set is only shifted.
    /// </summary>
    private static void Standardize(float[] trainFeatures, float[] testFeatures)
    {
        int trainCount = trainFeatures.Length / FeatureCount;
        double[] mean = new double[FeatureCount];
        double[] sumOfSquares = new double[FeatureCount];
        for (int i = 0; i < trainCount; i++)
        {
            for (int j = 0; j < FeatureCount; j++)
            {
                mean[j] += trainFeatures[i * FeatureCount + j];
            }
        }

        for (int j = 0; j < FeatureCount; j++)
        {
            mean[j] /= trainCount;
        }

        for (int i = 0; i < trainCount; i++)
        {
            for (int j = 0; j < FeatureCount; j++)
            {
                double deviation = trainFeatures[i * FeatureCount + j] - mean[j];
                sumOfSquares[j] += deviation * deviation;
            }
        }

        double[] scale = new double[FeatureCount];
        for (int j = 0; j < FeatureCount; j++)
        {
            double standardDeviation = Math.Sqrt(sumOfSquares[j] / trainCount);
            scale[j] = standardDeviation > 0 ? 1.0 / standardDeviation : 1.0;
        }

        foreach (float[] features in (ReadOnlySpan<float[]>)[trainFeatures, testFeatures])
        {
            for (int i = 0; i < features.Length; i++)
            {
                int j = i % FeatureCount;
                features[i] = (float)((features[i] - mean[j]) * scale[j]);
            }
        }
    }

    /// <summary>One latent device: its labelling model (W, b) and the mean v of its inputs.</summary>
    private sealed class DeviceModel
    {
        private readonly double[] _weights = new double[ClassCount * FeatureCount];
        private readonly double[] _biases = new double[ClassCount];
        private readonly double[] _inputMean = new double[FeatureCount];

        // Standard deviation of feature j (1-based) is √(j^(−1.2)) = j^(−0.6).
        private static readonly double[] InputStandardDeviation =
            Enumerable.Range(1, FeatureCount).Select(j => Math.Pow(j, -0.6)).ToArray();

        public static DeviceModel Draw(ref SeededRandom random, double alpha, double beta)
        {
            var model = new DeviceModel();
            double modelMean = alpha * random.NextGaussian();
            double inputMeanCenter = beta * random.NextGaussian();

            for (int j = 0; j < FeatureCount; j++)
            {
                model._inputMean[j] = inputMeanCenter + random.NextGaussian();
            }

            for (int i = 0; i < model._weights.Length; i++)
            {
                model._weights[i] = modelMean + random.NextGaussian();
            }

            for (int c = 0; c < ClassCount; c++)
            {
                model._biases[c] = modelMean + random.NextGaussian();
            }

            return model;
        }

        /// <summary>Draws one sample per label slot: x ~ N(v, Σ) into <paramref name="features"/>, y = argmax(W·x + b).</summary>
        public void Sample(ref SeededRandom random, Span<float> features, Span<byte> labels)
        {
            Span<double> x = stackalloc double[FeatureCount];
            for (int sample = 0; sample < labels.Length; sample++)
            {
                for (int j = 0; j < FeatureCount; j++)
                {
                    x[j] = _inputMean[j] + InputStandardDeviation[j] * random.NextGaussian();
                    features[sample * FeatureCount + j] = (float)x[j];
                }

                // Softmax is monotonic, so the argmax of the logits is the argmax of the probabilities.
                int bestClass = 0;
                double bestLogit = double.NegativeInfinity;
                for (int c = 0; c < ClassCount; c++)
                {
                    ReadOnlySpan<double> row = _weights.AsSpan(c * FeatureCount, FeatureCount);
                    double logit = _biases[c];
                    for (int j = 0; j < FeatureCount; j++)
                    {
                        logit += row[j] * x[j];
                    }

                    if (logit > bestLogit)
                    {
                        bestLogit = logit;
                        bestClass = c;
                    }
                }

                labels[sample] = (byte)bestClass;
            }
        }
    }
}
