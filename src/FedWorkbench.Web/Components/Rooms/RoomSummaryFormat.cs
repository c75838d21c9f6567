namespace FedWorkbench.Web.Components.Rooms;

/// <summary>The formats the session summary can be downloaded in.</summary>
public enum RoomSummaryFormat
{
    /// <summary>A Markdown document.</summary>
    Markdown,

    /// <summary>One HTML page.</summary>
    Html,
}
