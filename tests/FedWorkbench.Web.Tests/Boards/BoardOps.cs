using System.Text.Json;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Tests.Boards;

/// <summary>Builds hand-made board operations for tests.</summary>
internal static class BoardOps
{
    public const int Limit = 1_000;

    public static JsonElement Json(object? value) => JsonSerializer.SerializeToElement(value);

    public static Dictionary<string, JsonElement> Props(params (string Name, object? Value)[] props) =>
        props.ToDictionary(p => p.Name, p => Json(p.Value));

    public static BoardChange Create(string id, string type, params (string Name, object? Value)[] props) =>
        new(BoardChange.Create, Element: new BoardElement(id, type, Props(props)));

    public static BoardChange Connect(string id, string from, string to) =>
        Create(id, BoardElementTypes.Connector, ("from", from), ("to", to));

    public static BoardChange Set(string id, params (string Name, object? Value)[] props) =>
        new(BoardChange.Set, Id: id, Props: Props(props));

    public static BoardChange Delete(string id) => new(BoardChange.Delete, Id: id);

    public static BoardOperation Op(string opId, long baseVersion, params BoardChange[] changes) => new(opId, baseVersion, changes);

    /// <summary>Applies an operation that must apply, and returns the result.</summary>
    public static BoardApplyResult Applied(this BoardState state, BoardOperation operation, string actor)
    {
        BoardApplyResult result = state.Apply(operation, actor, Limit);
        Assert.True(result.Result.Status == OperationResult.Applied, $"{operation.OpId} was {result.Result.Status}: {result.Result.Error}");
        return result;
    }

    /// <summary>Returns a property of an element on the board as raw JSON text.</summary>
    public static string Raw(this BoardState state, string id, string property) =>
        state.Find(id)!.Element.Props[property].GetRawText();
}
