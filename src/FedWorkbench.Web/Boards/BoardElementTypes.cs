namespace FedWorkbench.Web.Boards;

/// <summary>The element types a board can hold, by their names in operations and board files.</summary>
public static class BoardElementTypes
{
    /// <summary>The aggregator: strategy, rounds, sampling and local training settings.</summary>
    public const string Server = "server";

    /// <summary>A group of simulated clients with its count, data share, partition, reliability and attack.</summary>
    public const string ClientGroup = "client-group";

    /// <summary>The dataset the clients train on.</summary>
    public const string DataSource = "data-source";

    /// <summary>The model architecture.</summary>
    public const string Model = "model";

    /// <summary>A privacy mechanism: differential privacy or secure aggregation.</summary>
    public const string Privacy = "privacy";

    /// <summary>A line between two elements.</summary>
    public const string Connector = "connector";

    /// <summary>A sticky note.</summary>
    public const string Note = "note";

    /// <summary>Free text.</summary>
    public const string Text = "text";

    /// <summary>A titled area that groups the elements inside it.</summary>
    public const string Frame = "frame";

    /// <summary>Every type, in palette order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Server, ClientGroup, DataSource, Model, Privacy, Connector, Note, Text, Frame];
}
