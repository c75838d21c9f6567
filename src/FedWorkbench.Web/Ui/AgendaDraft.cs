using System.Globalization;
using FedWorkbench.Web.Facilitation;

namespace FedWorkbench.Web.Ui;

/// <summary>One editable row of the agenda editor.</summary>
public sealed class AgendaDraftRow
{
    /// <summary>The phase's title as typed.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>
    /// The phase's length in minutes exactly as typed, kept as text so that a value out of range or not a number
    /// stays in the field next to its message instead of being clamped or replaced.
    /// </summary>
    public string MinutesText { get; set; } = AgendaDraft.DefaultMinutes.ToString(CultureInfo.InvariantCulture);

    /// <summary>The typed minutes as a whole number, or null when the text is not one.</summary>
    public int? Minutes =>
        int.TryParse(MinutesText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int minutes) ? minutes : null;
}

/// <summary>
/// The facilitator's agenda while it is edited: rows that can be added, removed and moved, checked against
/// <see cref="FacilitationLimits"/> before they go to <see cref="IFacilitationService.SetAgendaAsync"/>, which
/// checks them again.
/// </summary>
public sealed class AgendaDraft
{
    /// <summary>Minutes of a new phase.</summary>
    public const int DefaultMinutes = 15;

    private readonly List<AgendaDraftRow> _rows = [];

    /// <summary>The rows in agenda order.</summary>
    public IReadOnlyList<AgendaDraftRow> Rows => _rows;

    /// <summary>True when another phase fits the agenda.</summary>
    public bool CanAdd => _rows.Count < FacilitationLimits.MaxPhases;

    /// <summary>Replaces the rows with <paramref name="agenda"/>.</summary>
    public void Load(IReadOnlyList<AgendaPhase> agenda)
    {
        _rows.Clear();
        _rows.AddRange(agenda.Select(p => new AgendaDraftRow { Title = p.Title, MinutesText = p.Minutes.ToString(CultureInfo.InvariantCulture) }));
    }

    /// <summary>Appends an empty phase of <see cref="DefaultMinutes"/> minutes, unless the agenda is full.</summary>
    public void Add()
    {
        if (CanAdd)
        {
            _rows.Add(new AgendaDraftRow());
        }
    }

    /// <summary>Removes the row at <paramref name="index"/>.</summary>
    public void Remove(int index)
    {
        if (index >= 0 && index < _rows.Count)
        {
            _rows.RemoveAt(index);
        }
    }

    /// <summary>Moves the row at <paramref name="index"/> by <paramref name="offset"/> places, staying inside the list.</summary>
    public void Move(int index, int offset)
    {
        int target = index + offset;
        if (index < 0 || index >= _rows.Count || target < 0 || target >= _rows.Count)
        {
            return;
        }

        AgendaDraftRow row = _rows[index];
        _rows.RemoveAt(index);
        _rows.Insert(target, row);
    }

    /// <summary>Returns the message for an invalid row, naming the phase and what to change, or null when it is valid.</summary>
    public static string? Validate(AgendaDraftRow row, int index) => TitleProblem(row, index) ?? MinutesProblem(row, index);

    /// <summary>Returns the message for the row's title, shown under the title field, or null when the title is valid.</summary>
    public static string? TitleProblem(AgendaDraftRow row, int index)
    {
        string title = row.Title.Trim();
        if (title.Length == 0)
        {
            return $"Phase {index + 1} has no title. Type a title such as \"Design\".";
        }

        if (title.Length > FacilitationLimits.MaxPhaseTitleLength)
        {
            return $"The title of phase {index + 1} has {title.Length} characters. Shorten it to 1 to {FacilitationLimits.MaxPhaseTitleLength} characters.";
        }

        return null;
    }

    /// <summary>Returns the message for the row's minutes, shown under the minutes field, or null when they are valid.</summary>
    public static string? MinutesProblem(AgendaDraftRow row, int index)
    {
        string typed = row.MinutesText.Trim();
        if (row.Minutes is not int minutes)
        {
            return typed.Length == 0
                ? $"Phase {index + 1} has no minutes. Enter a whole number from 1 to {FacilitationLimits.MaxPhaseMinutes}."
                : $"Phase {index + 1} has \"{typed}\" minutes, which is not a whole number. Enter 1 to {FacilitationLimits.MaxPhaseMinutes} minutes.";
        }

        if (minutes < 1 || minutes > FacilitationLimits.MaxPhaseMinutes)
        {
            return $"Phase {index + 1} is {minutes} minutes long. Enter 1 to {FacilitationLimits.MaxPhaseMinutes} minutes.";
        }

        return null;
    }

    /// <summary>Returns the first row's problem, or null when every row is valid.</summary>
    public string? FirstProblem() => _rows.Select(Validate).FirstOrDefault(problem => problem is not null);

    /// <summary>True when every row is valid, so the agenda can be saved.</summary>
    public bool IsValid => FirstProblem() is null;

    /// <summary>
    /// Returns the rows as phases with trimmed titles. Minutes that are not a whole number become 0, which
    /// <see cref="Validate"/> rejects, so only a valid draft is ever saved.
    /// </summary>
    public IReadOnlyList<AgendaPhase> ToPhases() => [.. _rows.Select(r => new AgendaPhase(r.Title.Trim(), r.Minutes ?? 0))];
}
