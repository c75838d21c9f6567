using System.Net.Http.Json;
using System.Text.Json;
using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>Room set-up and element changes shared by the board tests.</summary>
internal static class BoardRooms
{
    /// <summary>Creates an empty room through the API; returns its code and first board.</summary>
    public static async Task<CreateRoomResponse> CreateAsync(HttpClient client, string name = "Test room")
    {
        using HttpResponseMessage response = await client.PostAsJsonAsync("/api/rooms", new { name });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        CreateRoomResponse? room = await response.Content.ReadFromJsonAsync<CreateRoomResponse>();
        Assert.NotNull(room);
        return room;
    }

    public static JsonElement Value<T>(T value) => JsonSerializer.SerializeToElement(value);

    /// <summary>A create change of a sticky note at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static BoardChange CreateNote(string id, double x = 0, double y = 0, string text = "") =>
        new(BoardChange.Create, Element: new BoardElement(id, BoardElementTypes.Note, new Dictionary<string, JsonElement>
        {
            ["x"] = Value(x),
            ["y"] = Value(y),
            ["text"] = Value(text),
        }));

    public static BoardChange Set(string id, string property, object value) =>
        new(BoardChange.Set, Id: id, Props: new Dictionary<string, JsonElement> { [property] = JsonSerializer.SerializeToElement(value) });

    public static BoardChange Delete(string id) => new(BoardChange.Delete, Id: id);

    public static double Number(BoardElement? element, string property)
    {
        Assert.NotNull(element);
        return element.Props[property].GetDouble();
    }
}
