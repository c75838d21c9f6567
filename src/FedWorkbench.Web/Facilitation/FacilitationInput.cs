using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Facilitation;

/// <summary>Checks of facilitation input against <see cref="FacilitationLimits"/>; each failure throws a <see cref="FacilitationException"/> naming the value.</summary>
internal static class FacilitationInput
{
    /// <summary>Smallest zoom factor accepted in a viewport request.</summary>
    public const double MinZoom = 0.01;

    /// <summary>Largest zoom factor accepted in a viewport request.</summary>
    public const double MaxZoom = 100;

    /// <summary>Returns the agenda with trimmed titles, or throws naming the first invalid phase.</summary>
    public static AgendaPhase[] Agenda(IReadOnlyList<AgendaPhase>? agenda)
    {
        if (agenda is null)
        {
            throw new FacilitationException("The agenda is missing. Send a list of phases, each with a title and minutes.");
        }

        if (agenda.Count > FacilitationLimits.MaxPhases)
        {
            throw new FacilitationException(
                $"The agenda has {agenda.Count} phases; use at most {FacilitationLimits.MaxPhases}.");
        }

        var phases = new AgendaPhase[agenda.Count];
        for (int i = 0; i < agenda.Count; i++)
        {
            int number = i + 1;
            AgendaPhase? phase = agenda[i] ?? throw new FacilitationException($"Phase {number} of the agenda is missing.");
            string title = phase.Title?.Trim() ?? "";
            if (title.Length is 0 or > FacilitationLimits.MaxPhaseTitleLength)
            {
                throw new FacilitationException(
                    $"The title of phase {number} has {title.Length} characters; use 1 to {FacilitationLimits.MaxPhaseTitleLength}.");
            }

            if (ExperimentValidator.IndexOfHiddenCharacter(title) is int hidden and >= 0)
            {
                throw new FacilitationException(
                    $"The title of phase {number} contains the invisible character U+{(int)title[hidden]:X4} at position {hidden + 1}; use one line of visible characters.");
            }

            if (phase.Minutes is < 1 or > FacilitationLimits.MaxPhaseMinutes)
            {
                throw new FacilitationException(
                    $"Phase {number} (\"{title}\") lasts {phase.Minutes} minutes; use 1 to {FacilitationLimits.MaxPhaseMinutes}.");
            }

            phases[i] = new AgendaPhase(title, phase.Minutes);
        }

        return phases;
    }

    /// <summary>Throws unless <paramref name="minutes"/> may be added to a countdown.</summary>
    public static void AddedMinutes(int minutes)
    {
        if (minutes is < 1 or > FacilitationLimits.MaxAddedMinutes)
        {
            throw new FacilitationException(
                $"{minutes} minutes cannot be added to the countdown; add 1 to {FacilitationLimits.MaxAddedMinutes} minutes at once.");
        }
    }

    /// <summary>Throws unless <paramref name="votesPerPerson"/> is a valid number of votes per person.</summary>
    public static void VotesPerPerson(int votesPerPerson)
    {
        if (votesPerPerson is < 1 or > FacilitationLimits.MaxVotesPerPerson)
        {
            throw new FacilitationException(
                $"{votesPerPerson} votes per person is out of range; use 1 to {FacilitationLimits.MaxVotesPerPerson}.");
        }
    }

    /// <summary>Returns the distinct element ids of a lock request, or throws naming the first invalid one.</summary>
    public static string[] ElementIds(IReadOnlyList<string>? elementIds)
    {
        if (elementIds is null || elementIds.Count == 0)
        {
            throw new FacilitationException("No elements were given. Select the elements to lock or unlock.");
        }

        if (elementIds.Count > FacilitationLimits.MaxElementsPerLockRequest)
        {
            throw new FacilitationException(
                $"{elementIds.Count:N0} elements were given; lock or unlock at most {FacilitationLimits.MaxElementsPerLockRequest:N0} at once.");
        }

        foreach (string id in elementIds)
        {
            if (!BoardLimits.IsValidId(id))
            {
                throw new FacilitationException(
                    $"\"{Shorten(id)}\" is not a valid element id: use 1 to 64 characters from A–Z, a–z, 0–9, '-' and '_'.");
            }
        }

        return [.. elementIds.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Throws unless the viewport has finite coordinates and a zoom factor from <see cref="MinZoom"/> to <see cref="MaxZoom"/>.</summary>
    public static void Viewport(ViewportRequest? request)
    {
        if (request?.Viewport is not { } viewport)
        {
            throw new FacilitationException("The view is missing. Send the board id and the viewport (x, y and zoom).");
        }

        if (!double.IsFinite(viewport.X) || !double.IsFinite(viewport.Y))
        {
            throw new FacilitationException("The view's position must be two finite numbers.");
        }

        if (!double.IsFinite(viewport.Zoom) || viewport.Zoom < MinZoom || viewport.Zoom > MaxZoom)
        {
            throw new FacilitationException($"The view's zoom factor {viewport.Zoom} is out of range; use {MinZoom} to {MaxZoom}.");
        }
    }

    /// <summary>Returns a bounded prefix of a value from a client, for messages.</summary>
    public static string Shorten(string? value) =>
        value is null ? "" : value.Length > 40 ? value[..40] + "…" : value;
}
