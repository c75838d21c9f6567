using FedWorkbench.Web.Boards;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>The column of buttons that add elements to the board.</summary>
public partial class RoomPalette
{
    /// <summary>Raised with the element type to add.</summary>
    [Parameter]
    public EventCallback<string> Add { get; set; }

    /// <summary>Whether the buttons are disabled, while the board is not mounted.</summary>
    [Parameter]
    public bool Disabled { get; set; }

    /// <summary>Whether the facilitator locked the board for this person, which disables the buttons with a hint.</summary>
    [Parameter]
    public bool Locked { get; set; }

    /// <summary>Returns the icon of an element type.</summary>
    public static string IconOf(string type) => type switch
    {
        BoardElementTypes.Server => Icons.Material.Outlined.Dns,
        BoardElementTypes.ClientGroup => Icons.Material.Outlined.Devices,
        BoardElementTypes.DataSource => Icons.Material.Outlined.Dataset,
        BoardElementTypes.Model => Icons.Material.Outlined.AccountTree,
        BoardElementTypes.Privacy => Icons.Material.Outlined.Shield,
        BoardElementTypes.Connector => Icons.Material.Outlined.Timeline,
        BoardElementTypes.Note => Icons.Material.Outlined.StickyNote2,
        BoardElementTypes.Text => Icons.Material.Outlined.TextFields,
        BoardElementTypes.Frame => Icons.Material.Outlined.CropFree,
        _ => Icons.Material.Outlined.Add,
    };

    private static string Tooltip(BoardElementDefinition element) => element.Type == BoardElementTypes.Connector
        ? "Connector: then click two elements to connect them"
        : element.Simulated ? $"{element.Title}: used by Simulate" : element.Title;
}
