using System.Globalization;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>The client group rows of a run's configuration table.</summary>
public static partial class RunConfigRows
{
    /// <summary>
    /// Top-level settings that a list of client groups overrides: every <see cref="ClientGroupConfig"/> property that
    /// has an <see cref="ExperimentConfig"/> property of the same name. A run with groups ignores their top-level values.
    /// </summary>
    private static readonly HashSet<string> GroupSettings = typeof(ClientGroupConfig).GetProperties()
        .Select(property => property.Name)
        .Where(name => typeof(ExperimentConfig).GetProperty(name) is not null)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Returns one row per group: its label names the group ("Client group 2 (Tablets)"), and its value lists the
    /// client count, data share, partition, dropout and attack, for example
    /// "20 clients, data share 0.4, dirichlet α 0.3, dropout 0.3, sign-flip attack, malicious fraction 0.1".
    /// </summary>
    private static IEnumerable<RunConfigRow> GroupRows(IReadOnlyList<ClientGroupConfig> groups)
    {
        for (int index = 0; index < groups.Count; index++)
        {
            ClientGroupConfig group = groups[index];
            string number = (index + 1).ToString(CultureInfo.InvariantCulture);
            string label = string.IsNullOrWhiteSpace(group.Name) ? $"Client group {number}" : $"Client group {number} ({group.Name.Trim()})";
            string clients = group.Count == 1 ? "1 client" : $"{Whole(group.Count)} clients";
            string value = $"{clients}, data share {Real(group.DataShare)}, {PartitionOf(group)}, dropout {Real(group.Dropout)}, {AttackOf(group)}";
            yield return new RunConfigRow(label, value);
        }
    }

    // The partition's name with the one setting that shapes it, as the experiment file spells both.
    private static string PartitionOf(ClientGroupConfig group)
    {
        string name = ExperimentNames.Of(group.Partition);
        return group.Partition switch
        {
            PartitionKind.Dirichlet => $"{name} α {Real(group.DirichletAlpha)}",
            PartitionKind.Shards => $"{name} partition, {Whole(group.ShardsPerClient)} shards per client",
            PartitionKind.Classes => $"{name} partition, {Whole(group.ClassesPerClient)} classes per client",
            PartitionKind.Quantity => group.QuantitySkew == QuantitySkewKind.PowerLaw
                ? $"{name} {ExperimentNames.Of(group.QuantitySkew)} a {Real(group.PowerLawExponent)}"
                : $"{name} {ExperimentNames.Of(group.QuantitySkew)} α {Real(group.QuantityAlpha)}",
            PartitionKind.FeatureNoise => $"{name} σ {Real(group.FeatureNoiseSigma)}",
            _ => name,
        };
    }

    private static string AttackOf(ClientGroupConfig group) => group.Attack == AttackKind.None
        ? "no attack"
        : $"{ExperimentNames.Of(group.Attack)} attack, malicious fraction {Real(group.MaliciousFraction)}";
}
