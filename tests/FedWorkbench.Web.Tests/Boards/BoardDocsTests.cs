using System.Text.Json;
using System.Text.RegularExpressions;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Tests.EndToEnd;

namespace FedWorkbench.Web.Tests.Boards;

/// <summary>Keeps docs/board.md true to the code: its examples parse and its property tables match the schema.</summary>
public sealed partial class BoardDocsTests
{
    private static readonly Lazy<string> Page = new(() => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "board.md")));

    [Fact]
    public void BoardFileExample_Reads()
    {
        string json = JsonBlockUnder("## Board file");

        BoardDocument document = BoardDocumentReader.Read(json, 1_000);

        Assert.Equal(["f1", "s1", "g1", "c1"], document.Elements.Select(e => e.Id));
    }

    [Fact]
    public void OperationExample_Applies()
    {
        string json = JsonBlockUnder("## Concurrent edits");
        BoardOperation operation = JsonSerializer.Deserialize<BoardOperation>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        StoredElement[] elements =
        [
            Stored("s1", BoardElementTypes.Server, 1),
            Stored("n7", BoardElementTypes.Note, 2),
        ];
        var state = new BoardState(41, elements);

        BoardApplyResult result = state.Apply(operation, "alice", 1_000);

        Assert.Equal(OperationResult.Applied, result.Result.Status);
        Assert.Empty(result.Result.Conflicts);
        Assert.Equal(["s1", "g2"], state.Elements.Select(e => e.Id));
    }

    [Fact]
    public void PropertyTables_MatchSchema()
    {
        string page = Page.Value;
        foreach (BoardElementDefinition element in BoardSchema.Elements)
        {
            int section = page.IndexOf($"### {element.Title} (`{element.Type}`)", StringComparison.Ordinal);
            string[] rows = section < 0 ? [] : TableRows(page, section);
            foreach (BoardPropertyDefinition property in element.Properties.Where(p => element.Type == BoardElementTypes.Connector || !IsCommon(p.Name)))
            {
                string? row = rows.FirstOrDefault(r => r.StartsWith($"| `{property.Name}` |", StringComparison.Ordinal));
                Assert.True(row is not null, $"docs/board.md has no row for {element.Type}.{property.Name}.");
                string expectedDefault = property.Default.ValueKind switch
                {
                    JsonValueKind.Undefined => "—",
                    JsonValueKind.Null => "empty",
                    _ => $"`{property.Default.GetRawText().Replace("1E-05", "1e-5", StringComparison.Ordinal)}`",
                };
                Assert.True(row.Contains($"| {expectedDefault} |", StringComparison.Ordinal), $"{element.Type}.{property.Name}: expected default {expectedDefault} in \"{row}\".");
                foreach (string choice in property.Choices ?? [])
                {
                    Assert.True(row.Contains($"`{choice}`", StringComparison.Ordinal), $"{element.Type}.{property.Name}: choice {choice} is missing from \"{row}\".");
                }
            }
        }
    }

    private static bool IsCommon(string name) => name is "x" or "y" or "w" or "h" or "text" or "color";

    private static StoredElement Stored(string id, string type, long order) =>
        new(new BoardElement(id, type, BoardSchema.DefaultProperties(type)), new Dictionary<string, PropertyWrite>(), order);

    private static string[] TableRows(string page, int start)
    {
        int end = page.IndexOf("\n#", start + 1, StringComparison.Ordinal);
        string section = end < 0 ? page[start..] : page[start..end];
        return section.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)).ToArray();
    }

    private static string JsonBlockUnder(string heading)
    {
        string page = Page.Value;
        int section = page.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(section >= 0, $"docs/board.md has no section \"{heading}\".");
        Match block = JsonBlock().Match(page, section);
        Assert.True(block.Success, $"docs/board.md has no JSON example under \"{heading}\".");
        return block.Groups[1].Value;
    }

    [GeneratedRegex("```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
