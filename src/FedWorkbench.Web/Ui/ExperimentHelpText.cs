using System.Globalization;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>Helper texts of experiment form inputs whose text depends on other settings.</summary>
public static class ExperimentHelpText
{
    /// <summary>
    /// Returns the helper text of Clients K: the allowed range and the number of training samples of
    /// <paramref name="dataset"/> that the partition splits across the clients.
    /// </summary>
    public static string Clients(DatasetKind dataset)
    {
        string range = string.Create(CultureInfo.InvariantCulture, $"Simulated clients in total, 1 to {ExperimentLimits.MaxClients:N0}.");
        if (ExperimentValidator.TrainingSampleCount(dataset) is not int samples)
        {
            return range;
        }

        string name = dataset == DatasetKind.FashionMnist ? "Fashion-MNIST" : "The synthetic dataset";
        return string.Create(CultureInfo.InvariantCulture, $"{range} {name} has {samples:N0} training samples to split among them.");
    }

    /// <summary>
    /// Returns the helper text of Minimum client size for <paramref name="partition"/>, which explains how that partition
    /// applies it. Only the Dirichlet and quantity partitions read the setting.
    /// </summary>
    public static string MinClientSize(PartitionKind partition)
    {
        const string common = "Fewest samples a client holds, at least 1, counted before the client test fraction is held out.";
        return partition switch
        {
            PartitionKind.Dirichlet => $"{common} The Dirichlet split is drawn again until every client has this many.",
            PartitionKind.Quantity => $"{common} Each client gets this many first, and the rest is shared by the size skew.",
            _ => common,
        };
    }

    /// <summary>
    /// Returns the helper text of Clients K under the natural partition, where it is the number of owners in
    /// <paramref name="ownerColumn"/> and cannot be edited.
    /// </summary>
    public static string ClientsFromOwners(string ownerColumn, int owners) =>
        string.Create(CultureInfo.InvariantCulture, $"One client per owner: the column '{ownerColumn}' has {owners:N0} owners. Choose another partition to set it.");
}
