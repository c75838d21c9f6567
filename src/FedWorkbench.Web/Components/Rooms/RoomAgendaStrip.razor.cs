using FedWorkbench.Web.Facilitation;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>The agenda above the board, visible to everyone once the facilitator set one.</summary>
public sealed partial class RoomAgendaStrip
{
    /// <summary>The room's facilitation state; null while it loads.</summary>
    [Parameter]
    public FacilitationView? View { get; set; }
}
