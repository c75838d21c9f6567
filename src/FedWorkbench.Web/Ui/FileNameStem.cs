using System.Text;

namespace FedWorkbench.Web.Ui;

/// <summary>File-name stems derived from names that users type, safe on every operating system.</summary>
public static class FileNameStem
{
    /// <summary>
    /// Returns <paramref name="name"/> in lower case with every run of characters other than ASCII letters and
    /// digits replaced by one hyphen, for example "iid-baseline" for "IID baseline!". Returns an empty string when
    /// the name has no ASCII letter or digit.
    /// </summary>
    public static string From(string? name)
    {
        var stem = new StringBuilder();
        foreach (char c in (name ?? string.Empty).Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                stem.Append(c);
            }
            else if (stem.Length > 0 && stem[^1] != '-')
            {
                stem.Append('-');
            }
        }

        return stem.ToString().Trim('-');
    }

    /// <summary>
    /// Returns the stem of <paramref name="name"/> as <see cref="From(string?)"/> does, or <paramref name="fallback"/>
    /// when the name has no ASCII letter or digit (for example "病院の会議"), so a download never gets a name such as
    /// ".board.json" that hides the file on Linux and macOS.
    /// </summary>
    public static string From(string? name, string fallback)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fallback);
        string stem = From(name);
        return stem.Length > 0 ? stem : fallback;
    }
}
