using FedWorkbench.Web.Tables;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Experiments;

/// <summary>The first rows of a stored CSV file, shown by the experiment form and by a data source on the board.</summary>
public partial class TablePreviewRows
{
    /// <summary>The stored file whose first rows to show.</summary>
    [Parameter, EditorRequired]
    public TableUpload File { get; set; } = default!;
}
