using System.CommandLine.Parsing;
using System.Globalization;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Options;

/// <summary>
/// Custom parsers for option values. Each error message starts with the option's name and says what to enter,
/// so that the user sees which option to fix.
/// </summary>
internal static class OptionParsers
{
    /// <summary>Returns a parser for a whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Func<ArgumentResult, int?> Integer(int minimum = int.MinValue, int maximum = int.MaxValue) => result =>
    {
        string token = SingleToken(result);
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            // A whole number too large for 32 bits gets its own message, so that the user does not look for a typo.
            string problem = long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                || System.Numerics.BigInteger.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? $"'{token}' is outside the range of whole numbers accepted, [{int.MinValue:N0}, {int.MaxValue:N0}]."
                : DescribeNonInteger(token);
            result.AddError($"{OptionName(result)}: {problem}");
            return null;
        }

        if (value < minimum)
        {
            result.AddError($"{OptionName(result)}: {value} is too small. Enter at least {minimum}.");
            return null;
        }

        if (value > maximum)
        {
            result.AddError($"{OptionName(result)}: {value} is too large. Enter at most {maximum}.");
            return null;
        }

        return value;
    };

    /// <summary>
    /// Explains why <paramref name="token"/> is not a whole number. A whole number in exponent or decimal notation,
    /// such as 1e3 or 10.0, gets its plain-digit spelling, which is the only one whole-number options accept.
    /// </summary>
    private static string DescribeNonInteger(string token)
    {
        bool isWholeInOtherNotation = double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && value == Math.Floor(value) && value >= int.MinValue && value <= int.MaxValue;
        return isWholeInOtherNotation
            ? string.Create(CultureInfo.InvariantCulture, $"'{token}' is not in plain digits; enter {(long)value} instead.")
            : $"'{token}' is not a whole number.";
    }

    /// <summary>Parses a finite number written with a dot as decimal separator, such as 0.05 or 1e-3.</summary>
    public static double? Number(ArgumentResult result)
    {
        string token = SingleToken(result);
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            result.AddError($"{OptionName(result)}: '{token}' is not a number. Write decimals with a dot, for example 0.05.");
            return null;
        }

        return value;
    }

    /// <summary>
    /// Returns a parser for a setting whose experiment value may be null: a number, or <c>none</c> for null (the
    /// meaning of null is the option's own, such as "no deadline" or "the strategy's default").
    /// </summary>
    public static Func<ArgumentResult, NullableSetting<double>?> NumberOrNone(string noneMeaning) => result =>
    {
        string token = SingleToken(result);
        if (string.Equals(token, NoneToken, StringComparison.OrdinalIgnoreCase))
        {
            return new NullableSetting<double>(null);
        }

        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            result.AddError($"{OptionName(result)}: '{token}' is not a number. Write decimals with a dot, for example 0.05, or write {NoneToken} for {noneMeaning}.");
            return null;
        }

        return new NullableSetting<double>(value);
    };

    /// <summary>Returns a parser for a whole number, or <c>none</c> for null, like <see cref="NumberOrNone"/>.</summary>
    public static Func<ArgumentResult, NullableSetting<int>?> IntegerOrNone(string noneMeaning) => result =>
    {
        string token = SingleToken(result);
        if (string.Equals(token, NoneToken, StringComparison.OrdinalIgnoreCase))
        {
            return new NullableSetting<int>(null);
        }

        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            result.AddError($"{OptionName(result)}: '{token}' is not a whole number. Enter a whole number such as 5, or write {NoneToken} for {noneMeaning}.");
            return null;
        }

        return new NullableSetting<int>(value);
    };

    /// <summary>Parses a comma-separated list of whole numbers, such as <c>200,200</c>.</summary>
    public static IReadOnlyList<int>? IntegerList(ArgumentResult result)
    {
        string token = SingleToken(result);
        var values = new List<int>();
        foreach (string part in token.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                result.AddError($"{OptionName(result)}: '{token}' is not a list of whole numbers. Separate the widths with commas, for example 200,200.");
                return null;
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>
    /// Parses a comma-separated list of column names, trimming each. A name cannot be empty; a name that contains a
    /// comma cannot be given this way.
    /// </summary>
    public static IReadOnlyList<string>? NameList(ArgumentResult result)
    {
        string token = SingleToken(result);
        string[] names = token.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(string.IsNullOrEmpty))
        {
            result.AddError($"{OptionName(result)}: '{token}' has an empty column name. Separate the names with commas, for example age,income.");
            return null;
        }

        return names;
    }

    /// <summary>Parses comma-separated COLUMN=TYPE pairs, where TYPE is numeric or categorical.</summary>
    public static IReadOnlyDictionary<string, string>? ColumnTypes(ArgumentResult result)
    {
        string token = SingleToken(result);
        var types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string pair in token.Split(',', StringSplitOptions.TrimEntries))
        {
            int equals = pair.LastIndexOf('=');
            string column = equals < 0 ? pair : pair[..equals].Trim();
            string type = equals < 0 ? string.Empty : pair[(equals + 1)..].Trim().ToLowerInvariant();
            if (column.Length == 0 || type is not ("numeric" or "categorical"))
            {
                result.AddError($"{OptionName(result)}: '{pair}' is not COLUMN=numeric or COLUMN=categorical. Separate the pairs with commas, for example zip=categorical,age=numeric.");
                return null;
            }

            types[column] = type;
        }

        return types;
    }

    /// <summary>
    /// Returns a parser that accepts the kebab-case names of <typeparamref name="TEnum"/>'s values, the same
    /// spelling the experiment file uses (<c>FashionMnist</c> is <c>fashion-mnist</c>).
    /// </summary>
    public static Func<ArgumentResult, TEnum?> Choice<TEnum>()
        where TEnum : struct, Enum => result =>
    {
        string token = SingleToken(result);
        foreach (TEnum value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(ChoiceName(value), token, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        result.AddError($"{OptionName(result)}: '{token}' is invalid. Choose {string.Join(" or ", ChoiceNames<TEnum>())}.");
        return null;
    };

    /// <summary>Returns the command-line and experiment-file spelling of every value of <typeparamref name="TEnum"/>.</summary>
    public static string[] ChoiceNames<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(ChoiceName).ToArray();

    /// <summary>Returns the kebab-case spelling of <paramref name="value"/>.</summary>
    public static string ChoiceName<TEnum>(TEnum value)
        where TEnum : struct, Enum => ExperimentNames.Of(value);

    /// <summary>Parses an on/off switch: the option alone or <c>true</c> turns it on, <c>false</c> turns it off.</summary>
    public static bool? Switch(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return true;
        }

        string token = SingleToken(result);
        if (bool.TryParse(token, out bool value))
        {
            return value;
        }

        result.AddError($"{OptionName(result)}: '{token}' is invalid. Give the option alone to turn it on, or true or false.");
        return null;
    }

    /// <summary>The token that sets a nullable experiment value to null.</summary>
    public const string NoneToken = "none";

    private static string SingleToken(ArgumentResult result) =>
        result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult optionResult ? optionResult.Option.Name : result.Argument.Name;
}

/// <summary>
/// A value given on the command line for an experiment setting that may be null. The option's own null means the
/// option was not given; a <see cref="NullableSetting{T}"/> with a null <see cref="Value"/> means <c>none</c> was given.
/// </summary>
/// <param name="Value">The value to store in the experiment, or null.</param>
internal sealed record NullableSetting<T>(T? Value)
    where T : struct;
