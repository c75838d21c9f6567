namespace FedWorkbench.Web.Components.Rooms;

/// <summary>The formats a board can be exported in.</summary>
public enum RoomExportFormat
{
    /// <summary>The versioned board file, which an import reads back.</summary>
    Json,

    /// <summary>A vector picture made by the board module.</summary>
    Svg,

    /// <summary>A bitmap picture made by the board module.</summary>
    Png,
}
