namespace FedWorkbench.Data.Baselines;

/// <summary>
/// Centralized baselines: models trained on the pooled training split of a dataset, as if one party held all the
/// data, and scored on its test split.
/// </summary>
public enum BaselineKind
{
    /// <summary>
    /// The engine's own model (the run's architecture, SGD learning rate and batch size), trained by a single client
    /// that has every training sample.
    /// </summary>
    Engine,

    /// <summary>Multinomial logistic regression fitted by ML.NET's L-BFGS trainer (LbfgsMaximumEntropy).</summary>
    MaximumEntropy,

    /// <summary>Gradient-boosted decision trees with the softmax objective, by ML.NET's LightGBM multiclass trainer.</summary>
    LightGbm,
}
