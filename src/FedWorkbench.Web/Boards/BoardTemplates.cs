using FedWorkbench.Web.Boards.Templates;

namespace FedWorkbench.Web.Boards;

/// <summary>A ready-made board for one federated use case.</summary>
/// <param name="Key">Stable name used by the API and links, for example <c>hospitals</c>.</param>
public sealed record BoardTemplate(string Key, string Title, string Description, BoardDocument Document);

/// <summary>The built-in templates: phones, hospitals, banks and factories on Fashion-MNIST, and hospital discharges on the sample CSV.</summary>
public static class BoardTemplates
{
    /// <summary>Every template, in the order the home page lists them.</summary>
    public static IReadOnlyList<BoardTemplate> All { get; } =
    [
        PhonesTemplate.Create(),
        HospitalsTemplate.Create(),
        BanksTemplate.Create(),
        FactoriesTemplate.Create(),
        HospitalDischargesTemplate.Create(),
    ];

    /// <summary>Returns the template with <paramref name="key"/>, or null.</summary>
    public static BoardTemplate? Find(string? key) => All.FirstOrDefault(t => t.Key == key);
}
