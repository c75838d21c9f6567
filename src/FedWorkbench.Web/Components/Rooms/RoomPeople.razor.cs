using System.Globalization;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>The avatars of the people in the room and the board connection's state with its pending edits.</summary>
public partial class RoomPeople
{
    /// <summary>The people in the room.</summary>
    [Parameter]
    public IReadOnlyList<Participant> Participants { get; set; } = [];

    /// <summary>This browser's participant id.</summary>
    [Parameter]
    public string? SelfId { get; set; }

    /// <summary>The board connection's state and pending count.</summary>
    [Parameter]
    public RoomConnection Connection { get; set; } = RoomConnection.Initial;

    private string ConnectionText => Connection.Label;

    private string ConnectionHelp => Connection.Help;

    private Color ConnectionColor => Connection.State switch
    {
        RoomConnection.Connected => Color.Success,
        RoomConnection.Offline => Color.Error,
        _ => Color.Warning,
    };

    private string ConnectionIcon => Connection.State switch
    {
        RoomConnection.Connected => Icons.Material.Filled.CloudDone,
        RoomConnection.Offline => Icons.Material.Filled.CloudOff,
        _ => Icons.Material.Filled.CloudSync,
    };

    private static string Initial(string name) =>
        name.Length == 0 ? "?" : StringInfo.GetNextTextElement(name).ToUpperInvariant();
}
