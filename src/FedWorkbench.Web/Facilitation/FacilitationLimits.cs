namespace FedWorkbench.Web.Facilitation;

/// <summary>Fixed limits of facilitation input; docs/facilitation.md lists them.</summary>
public static class FacilitationLimits
{
    /// <summary>Phases in an agenda.</summary>
    public const int MaxPhases = 20;

    /// <summary>Characters in a phase title.</summary>
    public const int MaxPhaseTitleLength = 80;

    /// <summary>Minutes of one phase.</summary>
    public const int MaxPhaseMinutes = 480;

    /// <summary>Minutes added to a countdown at once.</summary>
    public const int MaxAddedMinutes = 60;

    /// <summary>Votes per person in a voting round.</summary>
    public const int MaxVotesPerPerson = 20;

    /// <summary>Elements locked or unlocked in one request.</summary>
    public const int MaxElementsPerLockRequest = 1_000;
}
