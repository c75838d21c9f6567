namespace FedWorkbench.Web.Storage;

/// <summary>A stored room: the share code, its name and its boards.</summary>
public sealed class RoomEntity
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The unguessable share code in the room's link: 20 characters from a–z and 0–9, unique.</summary>
    public string Code { get; set; } = "";

    /// <summary>Room name, 1 to 100 characters.</summary>
    public string Name { get; set; } = "";

    /// <summary>When the room was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a board of the room last changed, or when the room was created.</summary>
    public DateTimeOffset LastActiveAt { get; set; }

    /// <summary>The room's boards.</summary>
    public List<BoardEntity> Boards { get; set; } = [];
}
