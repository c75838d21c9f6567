using FedWorkbench.Web.Facilitation;

namespace FedWorkbench.Web.Ui;

/// <summary>One editable row of the agenda editor.</summary>
public sealed class AgendaDraftRow
{
    /// <summary>The phase's title as typed.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The phase's length in minutes as typed.</summary>
    public int Minutes { get; set; } = AgendaDraft.DefaultMinutes;
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
        _rows.AddRange(agenda.Select(p => new AgendaDraftRow { Title = p.Title, Minutes = p.Minutes }));
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
    public static string? Validate(AgendaDraftRow row, int index)
    {
        string title = row.Title.Trim();
        if (title.Length == 0)
        {
            return $"Phase {index + 1} has no title. Type a title such as \"Design\".";
        }

        if (title.Length > FacilitationLimits.MaxPhaseTitleLength)
        {
            return $"The title of phase {index + 1} has {title.Length} characters. Shorten it to {FacilitationLimits.MaxPhaseTitleLength} or fewer.";
        }

        if (row.Minutes < 1 || row.Minutes > FacilitationLimits.MaxPhaseMinutes)
        {
            return $"Phase {index + 1} is {row.Minutes} minutes long. Enter 1 to {FacilitationLimits.MaxPhaseMinutes} minutes.";
        }

        return null;
    }

    /// <summary>Returns the first row's problem, or null when every row is valid.</summary>
    public string? FirstProblem() => _rows.Select(Validate).FirstOrDefault(problem => problem is not null);

    /// <summary>Returns the rows as phases with trimmed titles.</summary>
    public IReadOnlyList<AgendaPhase> ToPhases() => [.. _rows.Select(r => new AgendaPhase(r.Title.Trim(), r.Minutes))];
}
