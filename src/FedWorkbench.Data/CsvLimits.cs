using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Data;

/// <summary>
/// Upper bounds on an uploaded CSV file and on the dataset made from it. They bound the memory and time that one
/// upload can take on a shared host, as <see cref="ExperimentLimits"/> does for a run.
/// </summary>
public static class CsvLimits
{
    /// <summary>Maximum file size: 20 MiB.</summary>
    public const long MaxFileBytes = 20L * 1024 * 1024;

    /// <summary>Maximum number of data rows, the header not counted.</summary>
    public const int MaxRows = 200_000;

    /// <summary>Maximum number of columns.</summary>
    public const int MaxColumns = 200;

    /// <summary>
    /// Maximum distinct values of a categorical feature column. One-hot encoding turns each value into its own
    /// feature, and a column with more values than this is usually an identifier rather than a category.
    /// </summary>
    public const int MaxCategories = 100;

    /// <summary>Maximum number of classes: the engine stores a label as one byte.</summary>
    public const int MaxClasses = byte.MaxValue + 1;

    /// <summary>Maximum number of distinct owners, each of which becomes one client.</summary>
    public const int MaxOwners = ExperimentLimits.MaxClients;

    /// <summary>
    /// Maximum number of feature values (rows × features after one-hot encoding): 50 million float32 values,
    /// 200 MB. Fashion-MNIST has about 55 million (70,000 images of 784 pixels).
    /// </summary>
    public const long MaxFeatureValues = 50_000_000;

    /// <summary>Largest fraction of each owner's rows held out for testing: the experiment file's limit.</summary>
    public const double MaxTestFraction = Simulation.Configuration.TableSource.MaxTestFraction;

    /// <summary>
    /// Smallest share of a column's non-missing values that must be numbers for the column to count as numeric.
    /// The other values of such a column are reported as errors instead of turning the column categorical.
    /// </summary>
    public const double NumericColumnThreshold = 0.9;
}
