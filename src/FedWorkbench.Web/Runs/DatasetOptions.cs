using System.ComponentModel.DataAnnotations;
using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Web.Runs;

/// <summary>Where the engine finds dataset files. Bound from the <c>Datasets</c> configuration section.</summary>
public sealed class DatasetOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Datasets";

    /// <summary>
    /// Folder holding the four Fashion-MNIST idx <c>.gz</c> files. Default
    /// <c>/usr/share/datasets/fashion-mnist</c>, where the Debian package <c>dataset-fashion-mnist</c> installs
    /// them. A missing folder does not stop start-up: runs on Fashion-MNIST then fail with a message naming it.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Datasets:FashionMnistFolder is empty; set it to the folder of the Fashion-MNIST .gz files.")]
    public string FashionMnistFolder { get; set; } = DatasetCatalog.DefaultFashionMnistFolder;

    /// <summary>
    /// Whether the app loads Fashion-MNIST into memory in the background at start-up, so that the first run does not
    /// wait about half a second or more for it. Default true. The readiness endpoint reports the load. After it, one
    /// small round of each model compiles the engine's code, so that the first run does not wait for that either.
    /// </summary>
    public bool PreloadFashionMnist { get; set; } = true;
}
