using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Ui;

/// <summary>A committed choice of a data source's CSV file and columns in the properties panel.</summary>
/// <param name="DataSourceId">Id of the data source element.</param>
/// <param name="Table">The file and column choices, as the element's <c>table</c> property stores them.</param>
/// <param name="PreviousOwnerColumn">The element's owner column before this choice, or null for none.</param>
/// <param name="OwnerCount">Distinct values of the owner column, or null when no owner column is chosen or the
/// file's profile is not stored on this instance.</param>
public sealed record RoomTableChoice(string DataSourceId, TableSource Table, string? PreviousOwnerColumn, int? OwnerCount)
{
    /// <summary>Whether the choice sets, changes or clears the owner column.</summary>
    public bool OwnerChanged => !string.Equals(Table.OwnerColumn?.Trim(), PreviousOwnerColumn?.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>One board operation for a <see cref="RoomTableChoice"/>, and the notice to show the user about it.</summary>
/// <param name="Properties">Properties to set, by element id.</param>
/// <param name="Message">What changed besides the data source, or why the client groups stayed as they were; null when nothing else changed.</param>
/// <param name="IsWarning">Whether <paramref name="Message"/> asks the user to change the board.</param>
public sealed record RoomTableEdit(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>> Properties, string? Message, bool IsWarning);

/// <summary>
/// Decides which elements a data source's CSV choice changes. The data source gets <c>dataset</c> "table" and its
/// <c>table</c>. A new owner column also makes the board's only client group one client per owner (the natural
/// partition) and lets its only server select every client in each round, as the experiment form does for a few
/// sites. Clearing the owner column puts a natural client group back to IID.
/// </summary>
public static class RoomTableEdits
{
    /// <summary>The <c>dataset</c> value of a data source on a CSV file.</summary>
    public static readonly string TableDataset = ExperimentNames.Of(DatasetKind.Table);

    /// <summary>The data source property that contains the table.</summary>
    public const string TableProperty = "table";

    private static readonly string NaturalPartition = ExperimentNames.Of(PartitionKind.Natural);
    private static readonly string IidPartition = ExperimentNames.Of(PartitionKind.Iid);

    /// <summary>Returns the edit of <paramref name="choice"/> on a board holding <paramref name="elements"/>.</summary>
    /// <param name="elements">The board's elements; only client groups and servers are read.</param>
    /// <param name="choice">The data source's new table.</param>
    public static RoomTableEdit Plan(IReadOnlyList<BoardElement> elements, RoomTableChoice choice)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(choice);
        var properties = new Dictionary<string, IReadOnlyDictionary<string, JsonElement>>(StringComparer.Ordinal)
        {
            [choice.DataSourceId] = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                ["dataset"] = JsonSerializer.SerializeToElement(TableDataset),
                [TableProperty] = ToJson(choice.Table),
            },
        };
        if (!choice.OwnerChanged)
        {
            return new RoomTableEdit(properties, null, false);
        }

        List<BoardElement> groups = [.. elements.Where(e => e.Type == BoardElementTypes.ClientGroup)];
        return choice.Table.OwnerColumn is { } owner
            ? UseOwners(properties, groups, elements, owner, choice.OwnerCount)
            : ClearOwners(properties, groups);
    }

    /// <summary>Returns <paramref name="table"/> as the JSON object a data source's <c>table</c> property holds.</summary>
    public static JsonElement ToJson(TableSource table) => JsonSerializer.SerializeToElement(table, ExperimentJson.Options);

    /// <summary>
    /// Returns the board schema's message when <paramref name="table"/> cannot be stored on a data source, for
    /// example because its JSON is over <see cref="BoardLimits.MaxTableBytes"/>, or null when it can.
    /// </summary>
    public static string? Check(TableSource table)
    {
        ArgumentNullException.ThrowIfNull(table);
        BoardPropertyDefinition definition = BoardSchema.Find(BoardElementTypes.DataSource)!.Find(TableProperty)!;

        // The schema's message names the property by its file name, but the panel calls it a table.
        return BoardSchema.Check(definition, ToJson(table))?.Replace($"\"{TableProperty}\"", "This table", StringComparison.Ordinal);
    }

    /// <summary>
    /// Returns the table a data source's <c>table</c> property holds, or null when it is missing, null or not a
    /// table object.
    /// </summary>
    public static TableSource? ReadTable(IReadOnlyDictionary<string, JsonElement> props)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (!props.TryGetValue(TableProperty, out JsonElement value) || value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return value.Deserialize<TableSource>(ExperimentJson.Options);
        }
        catch (JsonException)
        {
            // The board's schema checks the object's shape, so only an older or hand-edited board gets here.
            return null;
        }
    }

    private static RoomTableEdit UseOwners(
        Dictionary<string, IReadOnlyDictionary<string, JsonElement>> properties, List<BoardElement> groups,
        IReadOnlyList<BoardElement> elements, string owner, int? ownerCount)
    {
        if (groups.Count == 0)
        {
            return new RoomTableEdit(properties,
                $"Add a client group: under the natural partition it gets one client per {owner}.", true);
        }

        if (groups.Count > 1)
        {
            return new RoomTableEdit(properties,
                $"The natural partition, one client per {owner}, needs exactly one client group, and this board has {groups.Count}. "
                + "Delete the other groups, then choose the owner column again. The client groups were not changed.", true);
        }

        BoardElement group = groups[0];
        var groupProps = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["partition"] = JsonSerializer.SerializeToElement(NaturalPartition),
        };
        if (ownerCount is int count)
        {
            groupProps["count"] = JsonSerializer.SerializeToElement(count);
        }

        properties[group.Id] = groupProps;
        string clients = ownerCount is int known
            ? $"now has {known} {(known == 1 ? "client" : "clients")}, one per {owner}, under the natural partition"
            : $"now uses the natural partition; set its client count to the number of values of {owner}";

        List<BoardElement> servers = [.. elements.Where(e => e.Type == BoardElementTypes.Server)];
        string every = string.Empty;
        if (servers.Count == 1)
        {
            properties[servers[0].Id] = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                ["clientFraction"] = JsonSerializer.SerializeToElement(1.0),
            };
            every = ", and the server selects every client in each round";
        }

        return new RoomTableEdit(properties, $"The client group {NameOf(group)} {clients}{every}.", ownerCount is null);
    }

    private static RoomTableEdit ClearOwners(Dictionary<string, IReadOnlyDictionary<string, JsonElement>> properties, List<BoardElement> groups)
    {
        List<BoardElement> natural = [.. groups.Where(g => BoardCompiler.UsesNaturalPartition(g.Props))];
        foreach (BoardElement group in natural)
        {
            properties[group.Id] = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                ["partition"] = JsonSerializer.SerializeToElement(IidPartition),
            };
        }

        string? message = natural.Count switch
        {
            0 => null,
            1 => $"The client group {NameOf(natural[0])} is back to the IID partition, because the data source has no owner column.",
            _ => $"{natural.Count} client groups are back to the IID partition, because the data source has no owner column.",
        };
        return new RoomTableEdit(properties, message, false);
    }

    private static string NameOf(BoardElement group) =>
        group.Props.TryGetValue("text", out JsonElement text) && text.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(text.GetString())
            ? $"'{text.GetString()}'"
            : "on the board";
}
