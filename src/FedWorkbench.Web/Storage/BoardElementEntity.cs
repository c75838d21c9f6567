namespace FedWorkbench.Web.Storage;

/// <summary>One stored element of a board, with the bookkeeping that the concurrency rule needs.</summary>
public sealed class BoardElementEntity
{
    /// <summary>Foreign key of the board; part of the primary key.</summary>
    public Guid BoardId { get; set; }

    /// <summary>The element id chosen by the browser that created it; part of the primary key.</summary>
    public string ElementId { get; set; } = "";

    /// <summary>Element type, for example <c>client-group</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>Property values as a JSON object.</summary>
    public string PropsJson { get; set; } = "{}";

    /// <summary>The last write of each property (version and actor) as a JSON object keyed by property name.</summary>
    public string WritesJson { get; set; } = "{}";

    /// <summary>Creation order on the board; elements are drawn frames first, then by this order.</summary>
    public long Order { get; set; }
}
