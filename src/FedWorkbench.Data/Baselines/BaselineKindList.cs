using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Data.Baselines;

/// <summary>Parses the comma-separated baseline names that fedwb's --baseline and the API's ?baselines= take.</summary>
public static class BaselineKindList
{
    /// <summary>
    /// Parses <paramref name="text"/>, names such as "engine,light-gbm" separated by commas, into distinct kinds in
    /// the order given; empty text gives none. Returns false with the first unknown name in <paramref name="invalid"/>.
    /// </summary>
    public static bool TryParse(string? text, out IReadOnlyList<BaselineKind> kinds, out string? invalid)
    {
        var parsed = new List<BaselineKind>();
        kinds = parsed;
        invalid = null;
        foreach (string name in (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ExperimentNames.TryParse(name.ToLowerInvariant(), out BaselineKind kind))
            {
                invalid = name;
                return false;
            }

            if (!parsed.Contains(kind))
            {
                parsed.Add(kind);
            }
        }

        return true;
    }
}
