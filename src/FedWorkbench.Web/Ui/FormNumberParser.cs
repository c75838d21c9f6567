using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FedWorkbench.Web.Ui;

/// <summary>A whole-number field of the experiment form, as named in messages.</summary>
/// <param name="Label">The field's label, for example "Clients K".</param>
/// <param name="Min">Smallest value <see cref="Simulation.Configuration.ExperimentValidator"/> accepts.</param>
/// <param name="Max">Largest value the validator accepts.</param>
/// <remarks>The parser names the range in its messages; the validator checks it.</remarks>
public sealed record IntegerField(string Label, int Min, int Max);

/// <summary>A real-number field of the experiment form, as named in messages.</summary>
/// <param name="Label">The field's label, for example "Learning rate η".</param>
/// <param name="Example">A typical valid value, written with the invariant culture, for example "0.05".</param>
public sealed record RealField(string Label, string Example);

/// <summary>
/// Parses the text of the experiment form's numeric fields with the invariant culture, so that "0.5" means the
/// same in every browser locale. Each failure returns a message that quotes the text and names what to enter.
/// </summary>
/// <remarks>
/// Accepted: digits with an optional leading '+', '-' or '−' (U+2212, which the messages use) and surrounding
/// white space; for real numbers also a decimal point and an exponent ("1e-3"). Rejected: thousands separators,
/// decimal commas, "NaN", infinities and values outside the type's range.
/// </remarks>
public static partial class FormNumberParser
{
    // Longer texts are cut in messages, so that a pasted paragraph does not fill the page.
    private const int MaxQuotedLength = 24;

    /// <summary>Parses a whole number such as "42", or sets <paramref name="error"/> to a message for the user.</summary>
    public static bool TryParseInteger(string? text, IntegerField field, out int value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(field);
        value = 0;
        string trimmed = NormalizeMinusSign(text?.Trim() ?? string.Empty);
        string range = $"from {FormatInteger(field.Min)} to {FormatInteger(field.Max)}";

        if (trimmed.Length == 0)
        {
            error = $"{field.Label} is empty; enter a whole number {range}.";
            return false;
        }

        if (int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = null;
            return true;
        }

        string quoted = ShortenForMessage(trimmed);
        if (ThousandsGroupedInteger().IsMatch(trimmed)
            && int.TryParse(trimmed.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out int ungrouped))
        {
            error = $"{field.Label}: '{quoted}' contains a thousands separator; enter {FormatPlain(ungrouped)} instead.";
            return false;
        }

        // "1e3" and "10.0" are whole numbers in another notation; naming the plain form is the quickest fix.
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double real)
            && double.IsFinite(real) && real == Math.Floor(real) && real >= int.MinValue && real <= int.MaxValue)
        {
            error = $"{field.Label}: '{quoted}' is not in plain digits; enter {FormatPlain((int)real)} instead.";
            return false;
        }

        // Covers text that is no number at all, fractions, and whole numbers beyond the range of int.
        error = $"{field.Label}: '{quoted}' is not a whole number {range}.";
        return false;
    }

    /// <summary>Parses a finite real number such as "0.05" or "1e-3", or sets <paramref name="error"/> to a message for the user.</summary>
    public static bool TryParseReal(string? text, RealField field, out double value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(field);
        value = 0;
        string trimmed = NormalizeMinusSign(text?.Trim() ?? string.Empty);

        if (trimmed.Length == 0)
        {
            error = $"{field.Label} is empty; enter a number, for example {field.Example}.";
            return false;
        }

        string quoted = ShortenForMessage(trimmed);
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
        {
            error = DescribeUnparsableReal(trimmed, quoted, field);
            return false;
        }

        if (double.IsNaN(parsed))
        {
            error = $"{field.Label}: '{quoted}' is not a number; enter for example {field.Example}.";
            return false;
        }

        // double.TryParse returns infinity for text beyond ±1.8e308, such as "1e309".
        if (double.IsInfinity(parsed))
        {
            error = $"{field.Label}: '{quoted}' is not a finite number; enter for example {field.Example}.";
            return false;
        }

        // double.TryParse returns 0 for a value too small for a double, such as "1e-400".
        if (parsed == 0 && MantissaHasNonZeroDigit(trimmed))
        {
            error = $"{field.Label}: '{quoted}' is too close to 0 to be stored; enter for example {field.Example}.";
            return false;
        }

        // Adding 0.0 turns -0 into 0, so that an exported file never contains -0.
        value = parsed + 0.0;
        error = null;
        return true;
    }

    /// <summary>
    /// Parses a whole number like <see cref="TryParseInteger"/>, except that blank text is valid and gives null,
    /// for settings where no value means "use the default".
    /// </summary>
    public static bool TryParseOptionalInteger(string? text, IntegerField field, out int? value, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            value = null;
            error = null;
            return true;
        }

        bool parsed = TryParseInteger(text, field, out int number, out error);
        value = parsed ? number : null;
        return parsed;
    }

    /// <summary>
    /// Parses a real number like <see cref="TryParseReal"/>, except that blank text is valid and gives null, for
    /// settings where no value means "use the default" or "none".
    /// </summary>
    public static bool TryParseOptionalReal(string? text, RealField field, out double? value, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            value = null;
            error = null;
            return true;
        }

        bool parsed = TryParseReal(text, field, out double number, out error);
        value = parsed ? number : null;
        return parsed;
    }

    private static string DescribeUnparsableReal(string trimmed, string quoted, RealField field)
    {
        // One comma and no point is the decimal separator of many locales, such as "0,5".
        if (trimmed.Count(c => c == ',') == 1 && !trimmed.Contains('.', StringComparison.Ordinal))
        {
            string dotted = trimmed.Replace(',', '.');
            if (double.TryParse(dotted, NumberStyles.Float, CultureInfo.InvariantCulture, out double withDot) && double.IsFinite(withDot))
            {
                return $"{field.Label}: '{quoted}' is not a number; use a dot as the decimal separator, for example {ShortenForMessage(dotted)}.";
            }
        }

        if (ThousandsGroupedReal().IsMatch(trimmed))
        {
            string ungrouped = trimmed.Replace(",", string.Empty, StringComparison.Ordinal);
            return $"{field.Label}: '{quoted}' is not a number; leave out the thousands separators, for example {ShortenForMessage(ungrouped)}.";
        }

        return $"{field.Label}: '{quoted}' is not a number; enter for example {field.Example}.";
    }

    private static bool MantissaHasNonZeroDigit(string text)
    {
        int exponent = text.IndexOfAny(['e', 'E']);
        string mantissa = exponent < 0 ? text : text[..exponent];
        return mantissa.Any(c => c is >= '1' and <= '9');
    }

    private static string NormalizeMinusSign(string text) => text.Replace('\u2212', '-');

    /// <summary>Formats a bound with thousands separators and the typographic minus sign, for example "−2,147,483,648".</summary>
    private static string FormatInteger(int value) =>
        UseTypographicMinus(value.ToString("N0", CultureInfo.InvariantCulture));

    private static string FormatPlain(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string UseTypographicMinus(string text) => text.Replace('-', '\u2212');

    private static string ShortenForMessage(string text)
    {
        if (text.Length <= MaxQuotedLength)
        {
            return text;
        }

        // Do not cut a surrogate pair in half.
        int length = char.IsHighSurrogate(text[MaxQuotedLength - 1]) ? MaxQuotedLength - 1 : MaxQuotedLength;
        return text[..length] + "…";
    }

    [GeneratedRegex(@"^[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+$", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsGroupedInteger();

    [GeneratedRegex(@"^[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsGroupedReal();
}
