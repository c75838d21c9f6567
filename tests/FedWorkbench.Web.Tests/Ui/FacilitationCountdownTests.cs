using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The countdown chip's text and state, computed from the timer, the server's clock and the browser's.</summary>
public sealed class FacilitationCountdownTests
{
    private static readonly DateTimeOffset ServerNow = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private static FacilitationView View(SessionTimer timer) => new(
        Guid.NewGuid(), true, [new AgendaPhase("Theory", 30), new AgendaPhase("Design", 90)], timer, null, null, [], ServerNow);

    [Fact]
    public void Display_RunningCountdown_ShowsPhaseAndMinutes()
    {
        // Arrange: phase 2 ends in 4 min 30 s by the server's clock.
        FacilitationView view = View(new SessionTimer(1, ServerNow.AddSeconds(270), null));

        // Act
        CountdownDisplay display = FacilitationCountdown.Display(view, TimeSpan.Zero, ServerNow);

        // Assert
        Assert.Equal(CountdownState.Running, display.State);
        Assert.Equal("Design · 04:30", display.Text);
    }

    [Fact]
    public void Display_CorrectsClockSkew()
    {
        // Arrange: the browser's clock is 90 s behind the server's when the view arrives.
        FacilitationView view = View(new SessionTimer(0, ServerNow.AddSeconds(300), null));
        DateTimeOffset browserNow = ServerNow.AddSeconds(-90);
        TimeSpan offset = FacilitationCountdown.ClockOffset(view, browserNow);

        // Act: 10 s later by the browser's clock.
        CountdownDisplay display = FacilitationCountdown.Display(view, offset, browserNow.AddSeconds(10));

        // Assert: 300 − 10 s remain, as on the server.
        Assert.Equal(TimeSpan.FromSeconds(90), offset);
        Assert.Equal(FacilitationCountdown.Format(300 - 10), display.Remaining);
    }

    [Fact]
    public void Display_LastMinute_IsWarning()
    {
        FacilitationView view = View(new SessionTimer(0, ServerNow.AddSeconds(FacilitationCountdown.WarningSeconds), null));

        CountdownDisplay display = FacilitationCountdown.Display(view, TimeSpan.Zero, ServerNow);

        Assert.Equal(CountdownState.Warning, display.State);
    }

    [Fact]
    public void Display_AtZero_SaysTimeIsUp()
    {
        FacilitationView view = View(new SessionTimer(0, ServerNow.AddSeconds(5), null));

        CountdownDisplay display = FacilitationCountdown.Display(view, TimeSpan.Zero, ServerNow.AddSeconds(6));

        Assert.Equal(CountdownState.TimeUp, display.State);
        Assert.Equal("Theory · Time's up", display.Text);
    }

    [Fact]
    public void Display_Paused_ShowsRemainingAndPaused()
    {
        FacilitationView view = View(new SessionTimer(0, null, 125.2));

        CountdownDisplay display = FacilitationCountdown.Display(view, TimeSpan.Zero, ServerNow.AddHours(1));

        Assert.Equal(CountdownState.Paused, display.State);
        Assert.Equal("Theory · paused 02:06", display.Text);
    }

    [Fact]
    public void Display_Stopped_IsHidden()
    {
        CountdownDisplay display = FacilitationCountdown.Display(View(SessionTimer.Stopped), TimeSpan.Zero, ServerNow);

        Assert.Equal(CountdownState.Stopped, display.State);
        Assert.Equal(string.Empty, display.Text);
    }

    [Fact]
    public void Display_PhaseNoLongerOnAgenda_SaysCountdown()
    {
        FacilitationView view = View(new SessionTimer(7, ServerNow.AddMinutes(2), null));

        CountdownDisplay display = FacilitationCountdown.Display(view, TimeSpan.Zero, ServerNow);

        Assert.Equal("Countdown", display.PhaseTitle);
    }

    [Theory]
    [InlineData(0, "00:00")]
    [InlineData(59, "00:59")]
    [InlineData(61, "01:01")]
    [InlineData(3599, "59:59")]
    [InlineData(3600 + 125, "1:02:05")]
    [InlineData(-4, "00:00")]
    public void Format_WritesMinutesAndSeconds(int seconds, string expected)
    {
        Assert.Equal(expected, FacilitationCountdown.Format(seconds));
    }
}
