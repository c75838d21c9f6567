using FedWorkbench.Web.Hubs;

namespace FedWorkbench.Web.Tests.Boards;

public sealed class BoardRateLogTests
{
    [Fact]
    public void RepeatCounter_OneLinePerSecondWithCount()
    {
        var time = new StepClock();
        var counter = new RepeatCounter(time);

        // The first repeat is logged; the next 199 in the same second only count.
        Assert.Equal(1, counter.Count());
        int logged = Enumerable.Range(0, 199).Count(_ => counter.Count() > 0);
        Assert.Equal(0, logged);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, counter.Count());
        Assert.Equal(0, counter.Count());
    }

    /// <summary>A clock whose timestamps move only when the test advances it.</summary>
    private sealed class StepClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
