namespace FedWorkbench.Web.Storage;

/// <summary>A stored board: its name, version and elements, and the log of its applied operations.</summary>
public sealed class BoardEntity
{
    /// <summary>Primary key; the board id in links and the API.</summary>
    public Guid Id { get; set; }

    /// <summary>Foreign key of the room that contains the board.</summary>
    public Guid RoomId { get; set; }

    /// <summary>The room that contains the board.</summary>
    public RoomEntity Room { get; set; } = null!;

    /// <summary>Board name, 1 to 100 characters.</summary>
    public string Name { get; set; } = "";

    /// <summary>Number of operations applied to the board; the version of its last applied operation.</summary>
    public long Version { get; set; }

    /// <summary>When the board was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the last operation was applied, or when the board was created.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The board's elements.</summary>
    public List<BoardElementEntity> Elements { get; set; } = [];

    /// <summary>True while the facilitator has locked the whole board; only the facilitator can edit it then.</summary>
    public bool IsLocked { get; set; }

    /// <summary>The ids of the elements the facilitator locked, as a JSON array of strings.</summary>
    public string LockedElementIdsJson { get; set; } = "[]";
}
