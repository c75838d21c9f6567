namespace FedWorkbench.Simulation.Configuration;

/// <summary>
/// A complete federated experiment: dataset, partition, model, local training, sampling, rounds and seed.
/// The web form, the experiment JSON file and the <c>fedwb</c> command line all produce this one type.
/// </summary>
/// <remarks>
/// Defaults follow the FedAvg paper's 2NN set-up (McMahan et al. 2017) on Fashion-MNIST with 30 rounds.
/// Call <see cref="ExperimentValidator.Validate"/> before running; the engine rejects an invalid configuration.
/// </remarks>
public sealed record ExperimentConfig
{
    /// <summary>Experiment name shown in run lists. Optional.</summary>
    public string? Name { get; init; }

    /// <summary>Dataset the clients train on.</summary>
    public DatasetKind Dataset { get; init; } = DatasetKind.FashionMnist;

    /// <summary>Model architecture.</summary>
    public ModelKind Model { get; init; } = ModelKind.Mlp;

    /// <summary>Hidden layer widths of the multilayer perceptron; ignored for softmax regression.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [200, 200];

    /// <summary>Total number of clients K.</summary>
    public int Clients { get; init; } = 100;

    /// <summary>Fraction C of the clients sampled each round, in (0, 1]. At least one client is always sampled.</summary>
    public double ClientFraction { get; init; } = 0.1;

    /// <summary>Local epochs E each sampled client runs per round.</summary>
    public int LocalEpochs { get; init; } = 1;

    /// <summary>Local minibatch size B.</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Local SGD learning rate η.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>How the training set is split across clients.</summary>
    public PartitionKind Partition { get; init; } = PartitionKind.Iid;

    /// <summary>Dirichlet concentration α for label skew; smaller is more skewed. Used when <see cref="Partition"/> is Dirichlet.</summary>
    public double DirichletAlpha { get; init; } = 0.5;

    /// <summary>Smallest number of training samples any client may hold under the Dirichlet partition.</summary>
    public int MinClientSize { get; init; } = 10;

    /// <summary>Number of federated rounds.</summary>
    public int Rounds { get; init; } = 30;

    /// <summary>Seed for data generation, partitioning, initialization, sampling and shuffling.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Synthetic(α, β) model heterogeneity α: the standard deviation of each latent device's model mean (FedProx
    /// paper). Used by the synthetic dataset only.
    /// </summary>
    /// <remarks>
    /// As published, the device mean shifts every class logit by the same amount, so α does not change the labels
    /// and, for a fixed seed, every α gives the same data. It is kept for comparison with the paper.
    /// </remarks>
    public double SyntheticAlpha { get; init; } = 1.0;

    /// <summary>Synthetic(α, β) data heterogeneity β (FedProx paper). Used by the synthetic dataset only.</summary>
    public double SyntheticBeta { get; init; } = 1.0;
}

/// <summary>Datasets the engine can load.</summary>
public enum DatasetKind
{
    /// <summary>Fashion-MNIST from the Debian package <c>dataset-fashion-mnist</c>: 784 features, 10 classes.</summary>
    FashionMnist,

    /// <summary>The built-in Synthetic(α, β) generator; needs no files.</summary>
    Synthetic,
}

/// <summary>Model architectures.</summary>
public enum ModelKind
{
    /// <summary>Multinomial logistic regression: one linear layer followed by softmax.</summary>
    Softmax,

    /// <summary>Multilayer perceptron with ReLU hidden layers and a softmax output.</summary>
    Mlp,
}

/// <summary>Ways to split the training set across clients.</summary>
public enum PartitionKind
{
    /// <summary>Shuffle with the seed, then deal out equal shares.</summary>
    Iid,

    /// <summary>Label skew: each class is spread over clients by proportions drawn from Dirichlet(α).</summary>
    Dirichlet,
}
