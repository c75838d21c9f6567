using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>Notices about the facilitation of the board shown: its lock, the open vote, and the results of the last one.</summary>
public sealed partial class RoomFacilitationBanner
{
    private Guid? _resultsRoundId;

    /// <summary>The room's facilitation state; null while it loads.</summary>
    [Parameter]
    public FacilitationView? View { get; set; }

    /// <summary>The board shown now.</summary>
    [Parameter]
    public Guid BoardId { get; set; }

    /// <summary>This person's votes in the open round, from the board; null before the first vote is read.</summary>
    [Parameter]
    public MyVotes? MyVotes { get; set; }

    /// <summary>Whether this person facilitates, which changes the lock notice's wording.</summary>
    [Parameter]
    public bool IsFacilitator { get; set; }

    /// <summary>The ended round's results, ranked and labelled.</summary>
    [Parameter]
    public IReadOnlyList<VoteResultRow> Results { get; set; } = [];

    private VoteRoundView? Vote => View?.Vote;

    private bool BoardLocked => View?.Locks.Any(l => l.BoardId == BoardId && l.BoardLocked) == true;

    // Shown until closed, and again for the next ended round.
    private bool ResultsOpen { get; set; } = true;

    private string VotesLeftText
    {
        get
        {
            int left = MyVotes is { } mine && mine.VoteRoundId == Vote?.Id ? mine.Remaining : Vote?.VotesPerPerson ?? 0;
            return left == 1 ? "Voting: 1 vote left." : $"Voting: {left} votes left.";
        }
    }

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (Vote is { IsOpen: false } ended && ended.Id != _resultsRoundId)
        {
            _resultsRoundId = ended.Id;
            ResultsOpen = true;
        }
    }
}
