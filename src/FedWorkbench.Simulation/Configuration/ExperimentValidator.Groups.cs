using System.Reflection;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Configuration;

public static partial class ExperimentValidator
{
    /// <summary>The real-valued settings of a client group, read by <see cref="ValidateClientGroups"/>.</summary>
    private static readonly PropertyInfo[] GroupRealProperties = typeof(ClientGroupConfig).GetProperties()
        .Where(property => property.PropertyType == typeof(double))
        .ToArray();

    /// <summary>
    /// Checks the client groups: their number, counts and data shares, and each group's settings with the checks of
    /// the top-level settings, on the group's ⌊share·N⌋ training samples. Errors name the field as
    /// <c>ClientGroups[i].Field</c> and start their message with the group, for example "Client group 2 (Tablets): ".
    /// </summary>
    private static void ValidateClientGroups(ExperimentConfig config, Action<string, string> add)
    {
        IReadOnlyList<ClientGroupConfig> groups = config.ClientGroups;
        if (groups.Count > ExperimentLimits.MaxClientGroups)
        {
            add(nameof(config.ClientGroups),
                $"{groups.Count} client groups given; use at most {ExperimentLimits.MaxClientGroups}, for example by merging groups with the same settings.");
        }

        int? datasetSamples = TrainingSampleCount(config.Dataset);
        long totalClients = 0;
        double totalShare = 0;
        for (int index = 0; index < groups.Count; index++)
        {
            ClientGroupConfig? group = groups[index];
            if (group is null)
            {
                add($"{nameof(config.ClientGroups)}[{index}]", $"Client group {index + 1} is missing; give its settings or remove it from the list.");
                continue;
            }

            var groupErrors = new List<string>();
            Action<string, string> addToGroup = GroupErrorAdder(add, index, group, groupErrors);
            ValidateName(group.Name, addToGroup);
            CheckRange(addToGroup, nameof(group.Count), "Number of clients", group.Count, 1, ExperimentLimits.MaxClients);
            totalClients += group.Count;

            int? groupSamples = null;
            if (!(group.DataShare > 0 && group.DataShare <= 1))
            {
                addToGroup(nameof(group.DataShare),
                    $"Data share {Format(group.DataShare)} is outside (0, 1]; enter for example 0.2 for 20% of the training set.");
            }
            else
            {
                totalShare += group.DataShare;
                groupSamples = datasetSamples is int samples ? ClientPopulation.GroupSampleCount(group.DataShare, samples) : null;
                if (groupSamples == 0)
                {
                    addToGroup(nameof(group.DataShare),
                        $"Data share {Format(group.DataShare)} of the {Number(datasetSamples!.Value)} training samples of {DatasetName(config.Dataset)} gives the group no sample; " +
                        $"enter at least {Format(1.0 / datasetSamples.Value)}.");
                    groupSamples = null;
                }
            }

            string source = $"its {Format(group.DataShare)} share of {DatasetName(config.Dataset)}";
            ExperimentConfig groupConfig = ClientPopulation.WithGroupSettings(config, group);
            if (group.Partition == PartitionKind.Natural)
            {
                // The group's other settings are still checked, as they would be under an IID split.
                addToGroup(nameof(group.Partition),
                    "The natural partition makes one client per owner of the whole table, so a group cannot use it; " +
                    "choose another partition for the group, or remove the groups.");
                groupConfig = groupConfig with { Partition = PartitionKind.Iid };
            }

            ValidateClientSettings(groupConfig, addToGroup, groupSamples, source);

            // JSON cannot represent infinite or NaN values, so every real setting must be finite, even one that the group's options do not read.
            foreach (PropertyInfo property in GroupRealProperties)
            {
                if (property.GetValue(group) is double value && !double.IsFinite(value) && !groupErrors.Contains(property.Name))
                {
                    string name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                    double defaultValue = (double)property.GetValue(new ClientGroupConfig())!;
                    addToGroup(property.Name, $"{name} is {Format(value)}, not a finite number; enter a number such as its default, {Format(defaultValue)}.");
                }
            }
        }

        // The tolerance absorbs binary rounding: 0.33 + 0.56 + 0.11 is 1.0000000000000002 in double arithmetic.
        if (totalShare > 1 + 1e-9)
        {
            add(nameof(config.ClientGroups),
                $"The data shares of the client groups add up to {Format(totalShare)}, more than 1; lower them so that their sum is at most 1.");
        }

        if (totalClients != config.Clients)
        {
            add(nameof(config.Clients),
                $"The client groups have {Number(totalClients)} clients together, but the number of clients is {Number(config.Clients)}; set the number of clients to {Number(totalClients)}.");
        }
    }

    /// <summary>
    /// Returns an error callback for group <paramref name="index"/>: it names the field <c>ClientGroups[i].Field</c>
    /// (the top-level <c>Clients</c> becomes the group's <c>Count</c>), prefixes the message with the group and
    /// records the field in <paramref name="fields"/>.
    /// </summary>
    private static Action<string, string> GroupErrorAdder(Action<string, string> add, int index, ClientGroupConfig group, List<string> fields)
    {
        string prefix = ClientPopulation.Describe(index, group);
        return (field, message) =>
        {
            string groupField = field == nameof(ExperimentConfig.Clients) ? nameof(ClientGroupConfig.Count) : field;
            fields.Add(groupField);
            add($"{nameof(ExperimentConfig.ClientGroups)}[{index}].{groupField}", $"{prefix}: {message}");
        };
    }
}
