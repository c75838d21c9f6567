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

    /// <summary>
    /// SHA-256 of the facilitator token, as 64 lowercase hexadecimal digits; null for a room created before
    /// facilitation existed, whose first visitor may claim it. The token itself is never stored.
    /// </summary>
    public string? FacilitatorTokenHash { get; set; }

    /// <summary>The agenda as JSON: a list of phases with a title and minutes.</summary>
    public string AgendaJson { get; set; } = "[]";

    /// <summary>Index in the agenda of the phase the countdown belongs to; null when no countdown was started.</summary>
    public int? TimerPhaseIndex { get; set; }

    /// <summary>When the running countdown reaches zero; null while paused or stopped.</summary>
    public DateTimeOffset? TimerEndsAt { get; set; }

    /// <summary>Milliseconds left on a paused countdown; null while running or stopped.</summary>
    public long? TimerPausedRemainingMilliseconds { get; set; }

    /// <summary>The run the facilitator pinned, which opens for everyone in the room; null when none is pinned.</summary>
    public Guid? PinnedRunId { get; set; }

    /// <summary>The room's boards.</summary>
    public List<BoardEntity> Boards { get; set; } = [];
}
