using FedWorkbench.Data.Evaluation;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Data.Tests.Evaluation;

/// <summary>A report on a model from a short real run on the Fashion-MNIST test set (10,000 images).</summary>
public sealed class EvaluationReportFashionMnistTests
{
    [Fact]
    public async Task Create_ShortRun_MatchesEngineAccuracy()
    {
        // Arrange: two rounds of softmax regression with 2 of 10 clients per round.
        var catalog = new DatasetCatalog();
        Dataset dataset = catalog.GetFashionMnist();
        var simulation = new FederatedSimulation(catalog, new SimulationOptions { MaxDegreeOfParallelism = 2 });
        var config = new ExperimentConfig
        {
            Dataset = DatasetKind.FashionMnist,
            Model = ModelKind.Softmax,
            Clients = 10,
            ClientFraction = 0.2,
            BatchSize = 50,
            LearningRate = 0.1,
            Rounds = 2,
            Seed = 7,
        };
        TrainedModel? final = null;
        var rounds = new List<RoundResult>();
        await foreach (RoundResult round in simulation.RunAsync(config, partitioned: null, (model, _) => { final = model; return Task.CompletedTask; }))
        {
            rounds.Add(round);
        }

        Assert.NotNull(final);

        // Act
        EvaluationReport report = EvaluationReport.Create(final, dataset.Test);

        // Assert: the accuracy is the fraction of ModelScorer.Predict hits and the last round's test accuracy, to the
        // bit, and the confusion matrix is the one those predictions give.
        int[] predicted = ModelScorer.Predict(final, dataset.Test);
        var expected = new int[10][];
        for (int c = 0; c < 10; c++)
        {
            expected[c] = new int[10];
        }

        int hits = 0;
        for (int sample = 0; sample < predicted.Length; sample++)
        {
            int label = dataset.Test.Labels[sample];
            expected[label][predicted[sample]]++;
            hits += predicted[sample] == label ? 1 : 0;
        }

        Assert.Equal(10_000, report.SampleCount);
        Assert.Equal(dataset.ClassNames, report.ClassNames);
        Assert.Equal((double)hits / predicted.Length, report.Accuracy);
        Assert.Equal(rounds[^1].TestAccuracy, report.Accuracy);
        Assert.Equal(expected, report.ConfusionMatrix.Select(row => row.ToArray()));
        Assert.All(report.Classes, item => Assert.Equal(1_000, item.Support));

        // The engine's test loss is the mean of log Σ exp(z − max z) − (z_label − max z) in double precision, while
        // ML.NET takes −ln of the float32 softmax probability. Rounding a probability to float32 changes its term by
        // at most about 1e-7, so the means agree to 1e-6 unless ML.NET clips a true-class probability under 1e-15.
        // They differed by about 1.4e-10 when this test was written.
        Assert.Equal(rounds[^1].TestLoss, report.LogLoss, 1e-6);
    }
}
