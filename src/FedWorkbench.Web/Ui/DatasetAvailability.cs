using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Web.Ui;

/// <summary>Tells the experiment form whether Fashion-MNIST can be loaded, so that it can offer the synthetic dataset instead.</summary>
public sealed class DatasetAvailability(DatasetCatalog catalog)
{
    // File names of the Debian package dataset-fashion-mnist.
    private static readonly string[] FashionMnistFiles =
    [
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    ];

    /// <summary>Folder the catalog reads Fashion-MNIST from.</summary>
    public string FashionMnistFolder => catalog.FashionMnistFolder;

    /// <summary>Whether all four Fashion-MNIST files exist. It checks presence only; a corrupt file fails the run.</summary>
    public bool IsFashionMnistInstalled() =>
        FashionMnistFiles.All(file => File.Exists(Path.Combine(catalog.FashionMnistFolder, file)));
}
