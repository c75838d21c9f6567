namespace FedWorkbench.Web.Boards;

/// <summary>Methods the server calls on browsers connected to the board hub.</summary>
public interface IBoardHubClient
{
    /// <summary>Sends an operation the server applied, to everyone on the board, the sender included.</summary>
    Task OperationApplied(AppliedOperation operation);

    /// <summary>Sends where another participant on the board points.</summary>
    Task CursorMoved(CursorPosition position);

    /// <summary>Tells the board that a participant's cursor left it.</summary>
    Task CursorHidden(string participantId);

    /// <summary>Sends the room's participants after someone joined, switched board or left.</summary>
    Task PresenceChanged(IReadOnlyList<Participant> participants);

    /// <summary>Tells the room that someone launched a run from one of its boards.</summary>
    Task RunLaunched(RoomRunNotice notice);

    /// <summary>Tells the room that its list of boards changed (a board was created or imported).</summary>
    Task BoardsChanged();

    /// <summary>The facilitator locked or unlocked the board or some of its elements; sent to the board's group.</summary>
    Task LocksChanged(Facilitation.BoardLocks locks);

    /// <summary>The room's facilitation state changed (agenda, countdown, vote, pinned run); sent to the room's group.</summary>
    Task FacilitationChanged(Facilitation.FacilitationView view);

    /// <summary>The facilitator brought everyone to a view of a board; sent to the room's group.</summary>
    Task ViewportRequested(Facilitation.ViewportRequest request);
}
