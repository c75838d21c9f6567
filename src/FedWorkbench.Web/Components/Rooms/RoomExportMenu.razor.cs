using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>The export menu of the board: its file or a picture of it.</summary>
public partial class RoomExportMenu
{
    /// <summary>Raised with the format the user chose.</summary>
    [Parameter]
    public EventCallback<RoomExportFormat> Exported { get; set; }
}
