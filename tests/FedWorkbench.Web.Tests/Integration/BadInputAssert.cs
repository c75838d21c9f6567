using System.Net;
using System.Text.Json;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>Row counts of every table a bad request could write to, and the version of each board.</summary>
internal sealed record StoredRows(
    int Experiments,
    int Runs,
    int Rounds,
    int Rooms,
    int Boards,
    int Elements,
    int Operations,
    string BoardVersions)
{
    /// <summary>Counts the rows through the app's own <see cref="IDbContextFactory{TContext}"/>.</summary>
    public static async Task<StoredRows> ReadAsync(FedWorkbenchFactory factory)
    {
        IDbContextFactory<FedWorkbenchDbContext> contexts =
            factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>();
        await using FedWorkbenchDbContext context = await contexts.CreateDbContextAsync();
        var boards = await context.Boards.Select(b => new { b.Id, b.Version }).ToListAsync();
        IEnumerable<string> versions = boards.OrderBy(b => b.Id).Select(b => $"{b.Id}@{b.Version}");
        return new StoredRows(
            await context.Experiments.CountAsync(),
            await context.Runs.CountAsync(),
            await context.Rounds.CountAsync(),
            await context.Rooms.CountAsync(),
            await context.Boards.CountAsync(),
            await context.BoardElements.CountAsync(),
            await context.BoardOperations.CountAsync(),
            string.Join(", ", versions));
    }
}

/// <summary>Checks shared by the bad-input tests: the status, a problem body that names the value, no stack trace.</summary>
internal static class BadInputAssert
{
    /// <summary>
    /// Asserts that <paramref name="response"/> has <paramref name="expected"/> status and a problem+json body that
    /// contains every keyword (ordinal, case-sensitive) and no stack trace; returns the body.
    /// </summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, params string[] keywords)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNoStackTrace(body);
        Assert.DoesNotContain("Exception:", body, StringComparison.Ordinal);

        // The message is in the detail or in the validation errors; search the whole JSON text, unescaped.
        string text = Unescaped(body);
        foreach (string keyword in keywords)
        {
            Assert.True(text.Contains(keyword, StringComparison.Ordinal), $"The response does not name '{keyword}': {body}");
        }

        return body;
    }

    /// <summary>Asserts that <paramref name="text"/> contains no stack frame ("   at Namespace.Type.Method").</summary>
    public static void AssertNoStackTrace(string text) =>
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);

    /// <summary>Returns every string value of the JSON document, joined by new lines, so that "\u0022" reads as '"'.</summary>
    private static string Unescaped(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            var parts = new List<string>();
            Collect(document.RootElement, parts);
            return string.Join("\n", parts);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static void Collect(JsonElement element, List<string> parts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    parts.Add(property.Name);
                    Collect(property.Value, parts);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Collect(item, parts);
                }

                break;
            case JsonValueKind.String:
                parts.Add(element.GetString()!);
                break;
            default:
                parts.Add(element.GetRawText());
                break;
        }
    }
}
