using System.Net.Http.Json;
using System.Text.Json;
using FedWorkbench.Web.Boards;

namespace RoomLoad;

/// <summary>The board as the load run left it, written to the state file so that a later run can compare.</summary>
internal sealed record SavedBoard(string RoomCode, Guid BoardId, long Version, SortedDictionary<string, string> Elements);

/// <summary>Compares boards by their elements' ids, types and property values.</summary>
internal static class Consistency
{
    /// <summary>Returns element id → type and properties as JSON with sorted property names.</summary>
    public static SortedDictionary<string, string> Canonical(IEnumerable<BoardElement> elements)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (BoardElement element in elements)
        {
            var props = new SortedDictionary<string, JsonElement>(element.Props.ToDictionary(), StringComparer.Ordinal);
            result[element.Id] = element.Type + " " + JsonSerializer.Serialize(props);
        }

        return result;
    }

    /// <summary>Reads the board's version and elements through the API, as <c>GET .../boards</c> and <c>GET .../boards/{id}</c> return them.</summary>
    public static async Task<SavedBoard> ReadAsync(HttpClient http, string code, Guid boardId)
    {
        BoardInfo[] boards = await http.GetFromJsonAsync<BoardInfo[]>($"/api/rooms/{code}/boards") ?? [];
        BoardInfo info = boards.Single(b => b.Id == boardId);
        BoardDocument document = await http.GetFromJsonAsync<BoardDocument>($"/api/rooms/{code}/boards/{boardId}")
            ?? throw new InvalidOperationException($"GET /api/rooms/{code}/boards/{boardId} returned null.");
        return new SavedBoard(code, boardId, info.Version, Canonical(document.Elements));
    }

    /// <summary>Describes the first differences between two boards, at most <paramref name="max"/>; empty when they are equal.</summary>
    public static List<string> Differences(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual, int max = 3)
    {
        var differences = new List<string>();
        foreach (string id in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            string? want = expected.GetValueOrDefault(id);
            string? have = actual.GetValueOrDefault(id);
            if (want != have)
            {
                differences.Add($"element {id}: expected {want ?? "nothing"}, found {have ?? "nothing"}");
                if (differences.Count == max)
                {
                    break;
                }
            }
        }

        return differences;
    }
}
