using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The agenda editor's rows: add, remove, move and check before saving.</summary>
public sealed class AgendaDraftTests
{
    [Fact]
    public void Move_SwapsNeighbours()
    {
        var draft = new AgendaDraft();
        draft.Load([new AgendaPhase("Theory", 30), new AgendaPhase("Design", 90), new AgendaPhase("Review", 20)]);

        draft.Move(2, -1);

        Assert.Equal(["Theory", "Review", "Design"], draft.ToPhases().Select(p => p.Title));
    }

    [Fact]
    public void Move_OutsideTheList_ChangesNothing()
    {
        var draft = new AgendaDraft();
        draft.Load([new AgendaPhase("Theory", 30), new AgendaPhase("Design", 90)]);

        draft.Move(0, -1);
        draft.Move(1, 1);

        Assert.Equal(["Theory", "Design"], draft.ToPhases().Select(p => p.Title));
    }

    [Fact]
    public void Add_StopsAtMaxPhases()
    {
        var draft = new AgendaDraft();

        for (int i = 0; i < FacilitationLimits.MaxPhases + 3; i++)
        {
            draft.Add();
        }

        Assert.Equal(FacilitationLimits.MaxPhases, draft.Rows.Count);
        Assert.False(draft.CanAdd);
    }

    [Fact]
    public void Remove_DropsTheRow()
    {
        var draft = new AgendaDraft();
        draft.Load([new AgendaPhase("Theory", 30), new AgendaPhase("Design", 90)]);

        draft.Remove(0);

        Assert.Equal([new AgendaPhase("Design", 90)], draft.ToPhases());
    }

    [Fact]
    public void ToPhases_TrimsTitles()
    {
        var draft = new AgendaDraft();
        draft.Add();
        draft.Rows[0].Title = "  Design  ";

        Assert.Equal([new AgendaPhase("Design", AgendaDraft.DefaultMinutes)], draft.ToPhases());
    }

    [Fact]
    public void Validate_EmptyTitle_NamesThePhase()
    {
        string? problem = AgendaDraft.Validate(new AgendaDraftRow { Title = " ", Minutes = 10 }, 2);

        Assert.Equal("Phase 3 has no title. Type a title such as \"Design\".", problem);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(FacilitationLimits.MaxPhaseMinutes + 1)]
    public void Validate_MinutesOutOfRange_NamesTheRange(int minutes)
    {
        string? problem = AgendaDraft.Validate(new AgendaDraftRow { Title = "Design", Minutes = minutes }, 0);

        Assert.Equal($"Phase 1 is {minutes} minutes long. Enter 1 to {FacilitationLimits.MaxPhaseMinutes} minutes.", problem);
    }

    [Fact]
    public void Validate_LongTitle_NamesTheLength()
    {
        string title = new('a', FacilitationLimits.MaxPhaseTitleLength + 1);

        string? problem = AgendaDraft.Validate(new AgendaDraftRow { Title = title, Minutes = 5 }, 0);

        Assert.Contains($"has {title.Length} characters", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FirstProblem_ValidRows_IsNull()
    {
        var draft = new AgendaDraft();
        draft.Load([new AgendaPhase("Theory", 1), new AgendaPhase("Design", FacilitationLimits.MaxPhaseMinutes)]);

        Assert.Null(draft.FirstProblem());
    }
}
