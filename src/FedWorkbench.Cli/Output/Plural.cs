using System.Globalization;

namespace FedWorkbench.Cli.Output;

/// <summary>Formatting of a count with its noun in the singular or the plural, such as "1 round" and "5 rounds".</summary>
internal static class Plural
{
    /// <summary>
    /// Formats <paramref name="count"/> with thousands separators and adds <paramref name="noun"/>, with an "s"
    /// unless the count is 1.
    /// </summary>
    public static string Count(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {Noun(count, noun)}");

    /// <summary>Returns <paramref name="noun"/> with an "s" unless <paramref name="count"/> is 1.</summary>
    public static string Noun(long count, string noun) => count == 1 ? noun : noun + "s";
}
