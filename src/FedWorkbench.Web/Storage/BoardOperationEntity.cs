namespace FedWorkbench.Web.Storage;

/// <summary>One applied operation in a board's log, used to resynchronize browsers and to answer resent operations.</summary>
public sealed class BoardOperationEntity
{
    /// <summary>Foreign key of the board; part of the primary key.</summary>
    public Guid BoardId { get; set; }

    /// <summary>Board version after this operation; part of the primary key.</summary>
    public long Version { get; set; }

    /// <summary>The sender's operation id, unique per board.</summary>
    public string OpId { get; set; } = "";

    /// <summary>Public participant id of the sender.</summary>
    public string Actor { get; set; } = "";

    /// <summary>The changes as applied, as a JSON array of <see cref="Boards.BoardChange"/>.</summary>
    public string ChangesJson { get; set; } = "[]";

    /// <summary>When the operation was applied.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
