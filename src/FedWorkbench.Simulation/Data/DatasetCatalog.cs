using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Data;

/// <summary>
/// Loads each dataset once per process and hands the same read-only instance to every run.
/// Register one instance per process (a singleton in the web app).
/// </summary>
public sealed class DatasetCatalog
{
    /// <summary>Folder the Debian package <c>dataset-fashion-mnist</c> installs into.</summary>
    public const string DefaultFashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Creates a catalog that reads Fashion-MNIST from <paramref name="fashionMnistFolder"/>.</summary>
    public DatasetCatalog(string? fashionMnistFolder = null)
    {
        FashionMnistFolder = string.IsNullOrWhiteSpace(fashionMnistFolder) ? DefaultFashionMnistFolder : fashionMnistFolder;
    }

    /// <summary>Folder holding the four Fashion-MNIST idx <c>.gz</c> files.</summary>
    public string FashionMnistFolder { get; }

    /// <summary>
    /// Returns the dataset an experiment trains on, loading or generating it on first use.
    /// Throws <see cref="ExperimentException"/> when files are missing or corrupt.
    /// </summary>
    public Dataset Get(ExperimentConfig config)
    {
        // TODO: implemented by the data work: Fashion-MNIST loader and Synthetic(α, β) generator.
        throw new NotImplementedException();
    }
}
