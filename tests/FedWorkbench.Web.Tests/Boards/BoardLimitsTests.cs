using System.Text;
using System.Text.Json;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Tests.Boards;

public sealed class BoardLimitsTests
{
    public static TheoryData<string> Types() => [.. BoardElementTypes.All];

    [Theory]
    [MemberData(nameof(Types))]
    public void LargestChange_FitsMaxChangeBytes(string type)
    {
        BoardElementDefinition definition = BoardSchema.Find(type)!;
        var props = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (BoardPropertyDefinition property in definition.Properties)
        {
            props[property.Name] = LargestValue(property);
        }

        var change = new BoardChange(BoardChange.Create, new BoardElement(new string('e', BoardLimits.MaxIdLength), type, props));

        // The default encoder escapes every control and non-ASCII character as \uXXXX, the longest form a client can send.
        int bytes = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(change, JsonSerializerOptions.Web));
        Assert.True(bytes <= BoardLimits.MaxChangeBytes, $"The largest {type} change is {bytes:N0} bytes, over {BoardLimits.MaxChangeBytes:N0}.");
    }

    [Fact]
    public void MaxOperationBytes_CoversEveryChange()
    {
        Assert.Equal(BoardLimits.MaxChangesPerOperation * BoardLimits.MaxChangeBytes + 4_096, BoardLimits.MaxOperationBytes);
        Assert.True(new BoardOptions().MaxMessageBytes >= BoardLimits.MaxOperationBytes, "The default hub receive limit is under the largest valid operation.");
    }

    private static JsonElement LargestValue(BoardPropertyDefinition property) => property.Kind switch
    {
        BoardPropertyKind.Number or BoardPropertyKind.Integer => Parse("-1." + new string('0', BoardLimits.MaxNumberLength - 3)),
        BoardPropertyKind.Text => JsonSerializer.SerializeToElement(new string('\u0001', BoardLimits.MaxTextLength)),
        BoardPropertyKind.Color => JsonSerializer.SerializeToElement("#ffffff"),
        BoardPropertyKind.Choice => JsonSerializer.SerializeToElement(property.Choices!.MaxBy(c => c.Length)),
        BoardPropertyKind.ElementId => JsonSerializer.SerializeToElement(new string('e', BoardLimits.MaxIdLength)),
        BoardPropertyKind.IntegerList => JsonSerializer.SerializeToElement(Enumerable.Repeat(int.MinValue, BoardLimits.MaxListLength)),
        BoardPropertyKind.Table => LargestTable(),
        _ => throw new InvalidOperationException($"Property kind {property.Kind} has no largest value."),
    };

    /// <summary>
    /// The largest table the schema accepts, made of control characters that every encoder writes as \uXXXX, so that
    /// its serialized size is the bound's 6 bytes for each of the table's bytes, less the JSON punctuation.
    /// </summary>
    private static JsonElement LargestTable()
    {
        BoardPropertyDefinition table = BoardSchema.Find(BoardElementTypes.DataSource)!.Find("table")!;
        JsonElement largest = default;
        for (int length = 0; ; length++)
        {
            JsonElement candidate = JsonSerializer.SerializeToElement(new { id = "", labelColumn = new string('\u0001', length) });
            if (BoardSchema.Check(table, candidate) is not null)
            {
                return largest;
            }

            largest = candidate;
        }
    }

    private static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
