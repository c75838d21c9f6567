using MudBlazor;

namespace FedWorkbench.Web.Ui;

/// <summary>The MudBlazor theme of every page: a light palette and the operating system's UI font.</summary>
public static class WorkbenchTheme
{
    /// <summary>Theme instance handed to <c>MudThemeProvider</c>. Treat it as read-only.</summary>
    public static MudTheme Theme { get; } = Create();

    private static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3d5afe",
            Secondary = "#00897b",
            Tertiary = "#f4511e",
            AppbarBackground = "#1a237e",
            AppbarText = "#ffffff",
            Background = "#f5f6fa",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1f2330",
            TextSecondary = "#5c6275",
            TableLines = "#e4e6ee",
        },
        Typography = new Typography
        {
            // No web font: the app is served offline, so use the system UI font of each platform.
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
            H4 = new H4Typography { FontSize = "1.75rem", FontWeight = "600" },
            H5 = new H5Typography { FontSize = "1.35rem", FontWeight = "600" },
            H6 = new H6Typography { FontSize = "1.1rem", FontWeight = "600" },
            Button = new ButtonTypography { TextTransform = "none", FontWeight = "600" },
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "8px",
            DrawerWidthLeft = "220px",
        },
    };
}
