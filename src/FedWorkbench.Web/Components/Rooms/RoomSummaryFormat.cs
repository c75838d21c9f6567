namespace FedWorkbench.Web.Components.Rooms;

/// <summary>The formats the session summary can be downloaded in.</summary>
public enum RoomSummaryFormat
{
    /// <summary>Markdown, with the board picture as a separate SVG link or embedded image.</summary>
    Markdown,

    /// <summary>One HTML page with the board picture inside.</summary>
    Html,
}
