using System.Globalization;
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
        string? problem = AgendaDraft.Validate(new AgendaDraftRow { Title = " ", MinutesText = "10" }, 2);

        Assert.Equal("Phase 3 has no title. Type a title such as \"Design\".", problem);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(FacilitationLimits.MaxPhaseMinutes + 1)]
    [InlineData(999)]
    public void MinutesProblem_OutOfRange_NamesValueAndRange(int minutes)
    {
        var row = new AgendaDraftRow { Title = "Design", MinutesText = minutes.ToString(CultureInfo.InvariantCulture) };

        string? problem = AgendaDraft.MinutesProblem(row, 0);

        Assert.Equal($"Phase 1 is {minutes} minutes long. Enter 1 to {FacilitationLimits.MaxPhaseMinutes} minutes.", problem);
        Assert.Null(AgendaDraft.TitleProblem(row, 0));
        Assert.Equal(problem, AgendaDraft.Validate(row, 0));
    }

    [Fact]
    public void MinutesProblem_NotANumber_KeepsTheText()
    {
        var row = new AgendaDraftRow { Title = "Design", MinutesText = "abc" };

        string? problem = AgendaDraft.MinutesProblem(row, 1);

        Assert.Equal($"Phase 2 has \"abc\" minutes, which is not a whole number. Enter 1 to {FacilitationLimits.MaxPhaseMinutes} minutes.", problem);
        Assert.Equal("abc", row.MinutesText);
        Assert.Null(row.Minutes);
    }

    [Fact]
    public void MinutesProblem_Empty_AsksForANumber()
    {
        string? problem = AgendaDraft.MinutesProblem(new AgendaDraftRow { Title = "Design", MinutesText = "  " }, 0);

        Assert.Equal($"Phase 1 has no minutes. Enter a whole number from 1 to {FacilitationLimits.MaxPhaseMinutes}.", problem);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 45 ", 45)]
    [InlineData("480", FacilitationLimits.MaxPhaseMinutes)]
    public void MinutesProblem_InRange_IsNull(string typed, int expected)
    {
        var row = new AgendaDraftRow { Title = "Design", MinutesText = typed };

        Assert.Null(AgendaDraft.MinutesProblem(row, 0));
        Assert.Equal(expected, row.Minutes);
    }

    [Fact]
    public void TitleProblem_LongTitle_NamesLengthAndRange()
    {
        string title = new('a', FacilitationLimits.MaxPhaseTitleLength + 1);
        var row = new AgendaDraftRow { Title = title, MinutesText = "5" };

        string? problem = AgendaDraft.TitleProblem(row, 0);

        Assert.Equal(
            $"The title of phase 1 has {title.Length} characters. Shorten it to 1 to {FacilitationLimits.MaxPhaseTitleLength} characters.",
            problem);
        Assert.Equal(title, row.Title);
    }

    [Fact]
    public void IsValid_InvalidRow_BlocksSave()
    {
        var draft = new AgendaDraft();
        draft.Load([new AgendaPhase("Theory", 30), new AgendaPhase("Design", 90)]);

        draft.Rows[1].MinutesText = "500";

        Assert.False(draft.IsValid);
        Assert.Equal($"Phase 2 is 500 minutes long. Enter 1 to {FacilitationLimits.MaxPhaseMinutes} minutes.", draft.FirstProblem());
        Assert.Equal("500", draft.Rows[1].MinutesText);
    }

    [Fact]
    public void Load_WritesMinutesAsText()
    {
        var draft = new AgendaDraft();

        draft.Load([new AgendaPhase("Review", 10)]);

        Assert.Equal("10", draft.Rows[0].MinutesText);
        Assert.True(draft.IsValid);
    }

    [Fact]
    public void FirstProblem_ValidRows_IsNull()
    {
        var draft = new AgendaDraft();
        draft.Load([new AgendaPhase("Theory", 1), new AgendaPhase("Design", FacilitationLimits.MaxPhaseMinutes)]);

        Assert.Null(draft.FirstProblem());
        Assert.True(draft.IsValid);
    }
}
