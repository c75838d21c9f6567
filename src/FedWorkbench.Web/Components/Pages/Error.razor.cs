using System.Diagnostics;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Pages;

/// <summary>Page the exception handler shows in production; rendered statically, without a circuit.</summary>
public partial class Error
{
    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    private string? RequestId { get; set; }

    /// <inheritdoc />
    protected override void OnInitialized() =>
        RequestId = Activity.Current?.Id ?? HttpContext?.TraceIdentifier;
}
