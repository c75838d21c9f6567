using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedWorkbench.Simulation.Configuration;

/// <summary>
/// The names of experiment enum values as the experiment file, the command line and the UI write them: the
/// <see cref="JsonStringEnumMemberNameAttribute"/> where a value has one ("fedavgm", "topk"), otherwise the
/// kebab-case form of the member name ("label-flip").
/// </summary>
public static class ExperimentNames
{
    /// <summary>Returns the name of <paramref name="value"/>.</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        string member = value.ToString();
        FieldInfo? field = typeof(TEnum).GetField(member, BindingFlags.Public | BindingFlags.Static);
        return field?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.KebabCaseLower.ConvertName(member);
    }

    /// <summary>Returns the names of every value of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of).ToArray();

    /// <summary>Returns the names of every value of <paramref name="enumType"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All(Type enumType)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        return enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.KebabCaseLower.ConvertName(field.Name))
            .ToArray();
    }

    /// <summary>Finds the value whose name is exactly <paramref name="name"/>; names are case-sensitive.</summary>
    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (TEnum candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), name, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
