using System.Globalization;

namespace FedWorkbench.Data;

/// <summary>Formats numbers in messages the same way whatever the current culture is.</summary>
internal static class CsvFormat
{
    /// <summary>Returns <paramref name="value"/> with thousands separators, for example "200,000".</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Returns <paramref name="value"/> in invariant notation, for example "0.2".</summary>
    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
