using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Tests.Training;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Models;

public sealed class ModelScorerTests
{
    private static readonly Dataset Blobs = InMemoryData.CreateBlobs(classes: 4, features: 7, trainCount: 400, testCount: 300, seed: 3);

    [Fact]
    public void Logits_MatchScalarForwardPass()
    {
        // Arrange: 300 rows span two passes of the scorer.
        var layout = new ModelLayout([7, 5, 4]);
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 11), ["a", "b", "c", "d"]);

        // Act
        float[] logits = ModelScorer.Logits(model, Blobs.Test);

        // Assert: z = W2·relu(W1·x + b1) + b2 in double precision; the kernels sum in float32 in another order.
        Assert.Equal(Blobs.Test.Count * 4, logits.Length);
        for (int sample = 0; sample < Blobs.Test.Count; sample++)
        {
            double[] expected = ReferenceLogits(layout, model.Parameters, Blobs.Test.Features.Slice(sample * 7, 7));
            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(expected[c], logits[(sample * 4) + c], 1e-5);
            }
        }
    }

    [Fact]
    public void Probabilities_RowsAreSoftmaxOfLogits()
    {
        // Arrange
        var layout = new ModelLayout([7, 4]);
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 5), ["a", "b", "c", "d"]);

        // Act
        float[] logits = ModelScorer.Logits(model, Blobs.Test);
        float[] probabilities = ModelScorer.Probabilities(model, Blobs.Test);

        // Assert
        for (int sample = 0; sample < Blobs.Test.Count; sample++)
        {
            ReadOnlySpan<float> z = logits.AsSpan(sample * 4, 4);
            double denominator = 0;
            foreach (float value in z)
            {
                denominator += Math.Exp(value);
            }

            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(Math.Exp(z[c]) / denominator, probabilities[(sample * 4) + c], 1e-6);
            }
        }
    }

    [Fact]
    public void TrainedModel_WrongParameterCount()
    {
        var layout = new ModelLayout([7, 4]);

        var error = Assert.Throws<ArgumentException>(() => new TrainedModel(layout, new float[31], ["a", "b", "c", "d"]));

        Assert.Contains("has 32 parameters; got 31", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CompletedModelScoresLastRoundAccuracy()
    {
        // Arrange
        var simulation = new FederatedSimulation(
            _ => Blobs,
            (config, data) => InMemoryData.SplitIid(data.Train.Count, config.Clients, config.Seed),
            new SimulationOptions { MaxDegreeOfParallelism = 2 });
        var config = new ExperimentConfig
        {
            Model = ModelKind.Mlp,
            HiddenLayers = [16],
            Clients = 8,
            ClientFraction = 0.5,
            BatchSize = 10,
            LearningRate = 0.1,
            Rounds = 3,
            Seed = 4,
        };
        TrainedModel? final = null;

        // Act
        var rounds = new List<RoundResult>();
        await foreach (RoundResult round in simulation.RunAsync(config, partitioned: null, (model, _) => { final = model; return Task.CompletedTask; }))
        {
            rounds.Add(round);
        }

        // Assert: the model after round 3 predicts the test set with the accuracy that round reported.
        Assert.NotNull(final);
        int[] predicted = ModelScorer.Predict(final, Blobs.Test);
        int correct = predicted.Where((label, sample) => label == Blobs.Test.Labels[sample]).Count();
        Assert.Equal(rounds[^1].TestAccuracy, (double)correct / Blobs.Test.Count);
        Assert.Equal(Blobs.ClassNames, final.ClassNames);
    }

    private static double[] ReferenceLogits(ModelLayout layout, float[] parameters, ReadOnlySpan<float> input)
    {
        double[] activations = [.. input.ToArray().Select(value => (double)value)];
        for (int layer = 0; layer < layout.LayerCount; layer++)
        {
            var output = new double[layout.FanOut(layer)];
            for (int j = 0; j < output.Length; j++)
            {
                double sum = parameters[layout.BiasOffset(layer) + j];
                for (int k = 0; k < activations.Length; k++)
                {
                    sum += activations[k] * parameters[layout.WeightIndex(layer, k, j)];
                }

                output[j] = layer < layout.LayerCount - 1 ? Math.Max(0, sum) : sum;
            }

            activations = output;
        }

        return activations;
    }
}
