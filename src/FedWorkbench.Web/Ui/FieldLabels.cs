namespace FedWorkbench.Web.Ui;

/// <summary>Labels of the experiment form's numeric inputs, shared by the inputs and the parse messages.</summary>
public static class FieldLabels
{
    /// <summary>Label of the total number of clients.</summary>
    public const string Clients = "Clients K";

    /// <summary>Label of the fraction of clients sampled each round.</summary>
    public const string ClientFraction = "Client fraction C";

    /// <summary>Label of the local epochs per round.</summary>
    public const string LocalEpochs = "Local epochs E";

    /// <summary>Label of the local minibatch size.</summary>
    public const string BatchSize = "Batch size B";

    /// <summary>Label of the local learning rate.</summary>
    public const string LearningRate = "Learning rate η";

    /// <summary>Label of the Dirichlet concentration.</summary>
    public const string DirichletAlpha = "Dirichlet α";

    /// <summary>Label of the smallest client under the Dirichlet partition.</summary>
    public const string MinClientSize = "Minimum client size";

    /// <summary>Label of the number of rounds.</summary>
    public const string Rounds = "Rounds";

    /// <summary>Label of the seed.</summary>
    public const string Seed = "Seed";

    /// <summary>Label of the synthetic dataset's model heterogeneity.</summary>
    public const string SyntheticAlpha = "Synthetic α";

    /// <summary>Label of the synthetic dataset's data heterogeneity.</summary>
    public const string SyntheticBeta = "Synthetic β";
}
