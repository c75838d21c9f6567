using System.Globalization;

namespace FedWorkbench.Data;

/// <summary>How a single CSV value reads: missing, a number, or text.</summary>
public enum CsvValueKind
{
    /// <summary>Empty, or one of the <see cref="CsvValues.MissingMarkers"/>.</summary>
    Missing,

    /// <summary>A finite number in invariant-culture notation, such as <c>-1.5e3</c>.</summary>
    Number,

    /// <summary>A number written with a decimal comma or a thousands separator, such as <c>1,5</c> or <c>1,000</c>.</summary>
    NumberWithComma,

    /// <summary>Anything else.</summary>
    Text,
}

/// <summary>The rules that classify a value, shared by type inference and featurization.</summary>
public static class CsvValues
{
    /// <summary>
    /// Values that mean "missing" besides the empty field, compared ignoring case after surrounding whitespace is
    /// removed. "NaN" is among them because spreadsheet and pandas exports write missing numbers that way.
    /// </summary>
    public static IReadOnlyList<string> MissingMarkers { get; } = ["NA", "N/A", "#N/A", "NaN", "null", "?"];

    /// <summary>Returns how <paramref name="value"/> (already trimmed) reads, and its number when it is one.</summary>
    public static CsvValueKind Classify(ReadOnlySpan<char> value, out float number)
    {
        number = float.NaN;
        if (IsMissing(value))
        {
            return CsvValueKind.Missing;
        }

        if (TryParseNumber(value, out number))
        {
            return CsvValueKind.Number;
        }

        return LooksLikeNumberWithComma(value) ? CsvValueKind.NumberWithComma : CsvValueKind.Text;
    }

    /// <summary>Whether <paramref name="value"/> (already trimmed) is empty or a missing-value marker.</summary>
    public static bool IsMissing(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return true;
        }

        foreach (string marker in MissingMarkers)
        {
            if (value.Equals(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses an invariant-culture number (optional sign, digits, decimal point, exponent) that is finite as a float.
    /// Thousands separators, "Infinity" and values beyond ±3.4e38 are rejected.
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> value, out float number)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && float.IsFinite((float)parsed))
        {
            number = (float)parsed;
            return true;
        }

        number = float.NaN;
        return false;
    }

    /// <summary>Whether the value would be a number if its one comma were a decimal point: "1,5" or "1,000".</summary>
    private static bool LooksLikeNumberWithComma(ReadOnlySpan<char> value)
    {
        int comma = value.IndexOf(',');
        if (comma < 0 || value.LastIndexOf(',') != comma || value.Contains('.'))
        {
            return false;
        }

        Span<char> replaced = value.Length <= 64 ? stackalloc char[value.Length] : new char[value.Length];
        value.CopyTo(replaced);
        replaced[comma] = '.';
        return TryParseNumber(replaced, out _);
    }
}
