using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>
/// The countdown chip of the room's top bar. It renders once a second from the facilitation state and the clock
/// offset, so every browser counts down by itself between the server's changes.
/// </summary>
public sealed partial class RoomCountdownChip : IDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private PeriodicTimer? _timer;

    /// <summary>The room's facilitation state; null while it loads.</summary>
    [Parameter]
    public FacilitationView? View { get; set; }

    /// <summary>The server's clock minus this browser's, from <see cref="FacilitationCountdown.ClockOffset"/>.</summary>
    [Parameter]
    public TimeSpan ClockOffset { get; set; }

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private CountdownDisplay Current => FacilitationCountdown.Display(View, ClockOffset, Clock.GetUtcNow());

    private Color ChipColor => Current.State switch
    {
        CountdownState.Warning => Color.Warning,
        CountdownState.TimeUp => Color.Error,
        CountdownState.Paused => Color.Default,
        _ => Color.Primary,
    };

    private string ChipIcon => Current.State == CountdownState.Paused ? Icons.Material.Filled.Pause : Icons.Material.Filled.Timer;

    /// <inheritdoc />
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _timer = new PeriodicTimer(TickInterval, Clock);
            _ = TickAsync(_timer);
        }
    }

    // Fire and forget: the loop ends when Dispose disposes the timer, and a render error goes to the renderer.
    private async Task TickAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync())
            {
                if (View?.Timer.IsRunning == true)
                {
                    await InvokeAsync(StateHasChanged);
                }
            }
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();
}
