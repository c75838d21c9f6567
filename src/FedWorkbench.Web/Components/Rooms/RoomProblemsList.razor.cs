using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>The list of problems that stop Simulate. A click selects and highlights the elements a problem names.</summary>
public partial class RoomProblemsList
{
    /// <summary>The board's problems.</summary>
    [Parameter]
    public RoomProblems Problems { get; set; } = RoomProblems.None;

    /// <summary>Raised with the problem the user clicked.</summary>
    [Parameter]
    public EventCallback<BoardProblem> Clicked { get; set; }

    /// <summary>Raised when the user closes the list.</summary>
    [Parameter]
    public EventCallback Closed { get; set; }
}
