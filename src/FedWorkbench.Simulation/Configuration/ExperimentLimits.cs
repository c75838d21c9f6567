namespace FedWorkbench.Simulation.Configuration;

/// <summary>
/// Upper bounds on experiment settings, which bound the time and memory one run can take on a shared host.
/// Every front end (form, JSON file, command line) enforces the same numbers.
/// </summary>
public static class ExperimentLimits
{
    /// <summary>Maximum number of clients K.</summary>
    public const int MaxClients = 10_000;

    /// <summary>Maximum number of rounds.</summary>
    public const int MaxRounds = 1_000;

    /// <summary>Maximum local epochs E.</summary>
    public const int MaxLocalEpochs = 50;

    /// <summary>Maximum minibatch size B.</summary>
    public const int MaxBatchSize = 1_024;

    /// <summary>Maximum number of hidden layers.</summary>
    public const int MaxHiddenLayers = 4;

    /// <summary>Maximum width of one hidden layer.</summary>
    public const int MaxHiddenWidth = 1_024;

    /// <summary>Maximum learning rate η.</summary>
    public const double MaxLearningRate = 10.0;

    /// <summary>Smallest Dirichlet concentration α accepted; below it the gamma draws underflow to zero.</summary>
    public const double MinDirichletAlpha = 0.01;

    /// <summary>Largest Dirichlet concentration α accepted.</summary>
    public const double MaxDirichletAlpha = 1_000.0;

    /// <summary>
    /// Largest synthetic α and β accepted. The FedProx paper uses values from 0 to 1; beyond 10 the generated
    /// features and logits span so many orders of magnitude that every run diverges.
    /// </summary>
    public const double MaxSyntheticHeterogeneity = 10.0;

    /// <summary>Maximum length of an experiment name.</summary>
    public const int MaxNameLength = 100;
}
