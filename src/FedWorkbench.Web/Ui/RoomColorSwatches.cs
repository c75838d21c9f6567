namespace FedWorkbench.Web.Ui;

/// <summary>The colours offered as swatches in the properties panel. Any other <c>#rrggbb</c> can be typed.</summary>
public static class RoomColorSwatches
{
    /// <summary>Every swatch, light sticky-note colours first, then the element defaults' darker tones.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "#fff176", "#ffcc80", "#f8bbd0", "#c5e1a5", "#b3e5fc", "#d1c4e9",
        "#1e88e5", "#43a047", "#8e24aa", "#00897b", "#e53935", "#546e7a",
    ];
}
