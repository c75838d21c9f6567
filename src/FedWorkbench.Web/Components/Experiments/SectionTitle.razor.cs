using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Experiments;

/// <summary>Title of a collapsible section of the experiment form.</summary>
public partial class SectionTitle
{
    /// <summary>Section name, for example "Strategy".</summary>
    [Parameter, EditorRequired]
    public string Text { get; set; } = string.Empty;

    /// <summary>Number of invalid settings in the section; the title shows it when above 0.</summary>
    [Parameter]
    public int Errors { get; set; }
}
