using System.Globalization;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>Names of client groups as the run page, its charts and its downloads show them.</summary>
public static class ClientGroupNames
{
    /// <summary>
    /// Returns the group's trimmed <see cref="ClientGroupConfig.Name"/>, or "Group N" with N counted from 1 when the
    /// name is empty or missing.
    /// </summary>
    public static string Of(int index, ClientGroupConfig? group) =>
        string.IsNullOrWhiteSpace(group?.Name) ? Numbered(index) : group.Name.Trim();

    /// <summary>Returns the name of every group in <paramref name="groups"/>, in order.</summary>
    public static IReadOnlyList<string> Of(IReadOnlyList<ClientGroupConfig> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return [.. groups.Select((group, index) => Of(index, group))];
    }

    /// <summary>Returns "Group N" for the group at <paramref name="index"/>, with N counted from 1.</summary>
    public static string Numbered(int index) => $"Group {(index + 1).ToString(CultureInfo.InvariantCulture)}";
}
