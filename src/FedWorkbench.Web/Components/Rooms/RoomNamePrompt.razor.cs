using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>Asks for the display name before the board opens, and checks it with <see cref="RoomDisplayName"/>.</summary>
public partial class RoomNamePrompt
{
    private string? _name;
    private string? _error;

    /// <summary>The room's name, shown in the heading.</summary>
    [Parameter]
    public string RoomName { get; set; } = string.Empty;

    /// <summary>The remembered name, filled in on first show.</summary>
    [Parameter]
    public string? InitialName { get; set; }

    /// <summary>Raised with the trimmed, valid name.</summary>
    [Parameter]
    public EventCallback<string> Submitted { get; set; }

    /// <inheritdoc />
    protected override void OnInitialized() => _name = InitialName;

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await SubmitAsync();
        }
    }

    private async Task SubmitAsync()
    {
        _error = RoomDisplayName.Validate(_name);
        if (_error is null)
        {
            await Submitted.InvokeAsync(RoomDisplayName.Normalize(_name));
        }
    }
}
