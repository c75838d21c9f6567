using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Where the experiment form shows each validation message. An input shows the messages of its own setting.
/// Clients K also shows the messages of other settings that fewer clients would fix, such as the top-k residual
/// memory limit that the validator reports under Compression. A change of Clients K usually causes them, and the
/// setting they belong to may be hidden or in a closed section.
/// </summary>
public static class ExperimentFormMessages
{
    /// <summary>
    /// Returns the messages that the input of <paramref name="field"/>, an <see cref="ExperimentConfig"/> property
    /// name, shows for <paramref name="form"/>, joined into one line, or null when it shows none.
    /// </summary>
    public static string? For(ExperimentForm form, string field)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(field);

        ExperimentFormResult result = form.ToConfig();
        string? own = result.Errors.For(field);
        if (field != nameof(ExperimentConfig.Clients) || result.Config is null)
        {
            return own;
        }

        List<string> fixedByFewerClients = FixedByFewerClients(form, result.Errors);
        if (fixedByFewerClients.Count == 0)
        {
            return own;
        }

        IEnumerable<string> messages = own is null ? fixedByFewerClients : [own, .. fixedByFewerClients];
        return string.Join(" ", messages);
    }

    /// <summary>
    /// Returns the text of the alert that a failed launch shows: how many settings are invalid, and where their
    /// messages are. <paramref name="isShown"/> returns whether a setting's input is shown for the current choices;
    /// the messages of the other settings are listed above the form.
    /// </summary>
    public static string LaunchError(FieldErrors errors, Func<string, bool> isShown)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(isShown);

        int shown = errors.Fields.Count(isShown);
        int hidden = errors.Fields.Count() - shown;
        if (hidden == 0)
        {
            return shown == 1
                ? "1 setting is invalid; its message is shown next to the field."
                : $"{shown} settings are invalid; their messages are shown next to the fields.";
        }

        string hiddenPart = hidden == 1
            ? "1 setting hidden by the current choices is invalid; its message is listed above the form."
            : $"{hidden} settings hidden by the current choices are invalid; their messages are listed above the form.";
        if (shown == 0)
        {
            return hiddenPart;
        }

        string shownPart = shown == 1
            ? "1 setting is invalid; its message is shown next to the field."
            : $"{shown} settings are invalid; their messages are shown next to the fields.";
        return $"{shownPart} {hiddenPart}";
    }

    // A message belongs here when the same form with a single client has no message at all for that setting.
    // Messages whose setting stays invalid with one client, such as Krum's minimum of updates, stay at their own input.
    private static List<string> FixedByFewerClients(ExperimentForm form, FieldErrors errors)
    {
        ExperimentForm oneClient = form.Clone();
        oneClient.ClientsText = "1";
        FieldErrors withOneClient = oneClient.ToConfig().Errors;

        var messages = new List<string>();
        foreach (string other in errors.Fields)
        {
            if (other != nameof(ExperimentConfig.Clients) && !withOneClient.Has(other))
            {
                messages.Add(errors.For(other)!);
            }
        }

        return messages;
    }
}
