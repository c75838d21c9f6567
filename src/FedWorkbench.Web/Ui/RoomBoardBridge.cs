using System.Text.Json;
using System.Text.Json.Serialization;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace FedWorkbench.Web.Ui;

/// <summary>Receiver of the board module's callbacks. The room page implements it and marshals onto its renderer.</summary>
public interface IRoomBoardListener
{
    /// <summary>Handles a change of the selection or of a selected element.</summary>
    Task OnSelectionChangedAsync(IReadOnlyList<BoardElement> elements);

    /// <summary>Handles a state change of the board's hub connection, with <paramref name="pendingCount"/> edits waiting for the server.</summary>
    Task OnConnectionChangedAsync(string state, int pendingCount);

    /// <summary>Handles a change of the people in the room. <paramref name="selfId"/> is this browser's participant id.</summary>
    Task OnPresenceChangedAsync(IReadOnlyList<Participant> participants, string selfId);

    /// <summary>Handles a run that someone in the room launched.</summary>
    Task OnRunLaunchedAsync(RoomRunNotice notice);

    /// <summary>Handles edits of this browser that the server skipped because of concurrent edits.</summary>
    Task OnConflictsAsync(IReadOnlyList<OperationConflict> conflicts);

    /// <summary>Handles the server's rejection of an edit of this browser, with the reason in <paramref name="message"/>.</summary>
    Task OnRejectedAsync(string message);

    /// <summary>Handles a board that was added to the room.</summary>
    Task OnBoardsChangedAsync();

    /// <summary>Handles an applied operation, after which the board is at <paramref name="version"/>.</summary>
    Task OnBoardChangedAsync(long version);

    /// <summary>Handles a change of this person's votes in the open round; null when no round is open on this board.</summary>
    Task OnMyVotesChangedAsync(MyVotes? votes);
}

/// <summary>Settings passed to the module's <c>mountBoard</c>.</summary>
/// <param name="Schema">The element types and properties, as <see cref="RoomBoardBridge.SchemaJson"/> returns them.</param>
/// <param name="FacilitatorToken">The room's facilitator token when this person facilitates, so that locks do not stop them.</param>
public sealed record RoomBoardOptions(
    string HubUrl, string RoomCode, Guid BoardId, string ClientToken, string DisplayName, JsonElement Schema, string? FacilitatorToken = null);

/// <summary>
/// The .NET side of the board module <c>js/board/board.js</c>: mounts the board into a host element, forwards the
/// page's commands to the module's handle and the module's callbacks to an <see cref="IRoomBoardListener"/>.
/// </summary>
/// <remarks>The callback names are the module's contract. JavaScript interop calls them on the circuit.</remarks>
public sealed class RoomBoardBridge(IJSRuntime js, IRoomBoardListener listener) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions SchemaOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private IJSObjectReference? _module;
    private IJSObjectReference? _handle;
    private DotNetObjectReference<RoomBoardBridge>? _self;

    /// <summary>Whether the board is mounted, so that commands reach it.</summary>
    public bool IsMounted => _handle is not null;

    /// <summary>
    /// Returns <see cref="BoardSchema.Elements"/> as the module reads it: camelCase member names and property kinds
    /// by their enum names, such as <c>"IntegerList"</c>.
    /// </summary>
    public static JsonElement SchemaJson()
    {
        // Connector ends have no default (an undefined JsonElement, which cannot be written), so they go out as null.
        var elements = BoardSchema.Elements.Select(element => new
        {
            element.Type,
            element.Title,
            element.Simulated,
            Properties = element.Properties.Select(p => new
            {
                p.Name,
                p.Kind,
                p.Nullable,
                Default = p.Default.ValueKind == JsonValueKind.Undefined ? (JsonElement?)null : p.Default,
                p.Min,
                p.Max,
                p.Choices,
            }),
        });
        return JsonSerializer.SerializeToElement(elements, SchemaOptions);
    }

    /// <summary>Imports the module and mounts the board into <paramref name="host"/>.</summary>
    public async Task MountAsync(ElementReference host, RoomBoardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The import map written by <ImportMap /> resolves this path to the fingerprinted file.
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/board/board.js");
        _self ??= DotNetObjectReference.Create(this);
        _handle = await _module.InvokeAsync<IJSObjectReference>("mountBoard", host, _self, options);
    }

    /// <summary>Creates an element of <paramref name="type"/> in a free spot near the viewport centre. A connector starts connect mode instead.</summary>
    public ValueTask AddElementAsync(string type) => Call("addElement", type);

    /// <summary>Writes properties of one element as one operation (one undo step).</summary>
    public ValueTask SetPropertiesAsync(string id, IReadOnlyDictionary<string, JsonElement> props) => Call("setProperties", id, props);

    /// <summary>Writes properties of several elements, given by element id, as one operation (one undo step).</summary>
    public ValueTask SetElementsPropertiesAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>> propsById) =>
        Call("setElementsProperties", propsById);

    /// <summary>Writes the same properties on every selected element as one operation (one undo step).</summary>
    public ValueTask SetSelectionPropertiesAsync(IReadOnlyDictionary<string, JsonElement> props) => Call("setSelectionProperties", props);

    /// <summary>Deletes the selected elements.</summary>
    public ValueTask DeleteSelectionAsync() => Call("deleteSelection");

    /// <summary>Undoes this person's latest operation.</summary>
    public ValueTask UndoAsync() => Call("undo");

    /// <summary>Redoes this person's latest undone operation.</summary>
    public ValueTask RedoAsync() => Call("redo");

    /// <summary>Zooms and pans so that every element is visible.</summary>
    public ValueTask FitToScreenAsync() => Call("fitToScreen");

    /// <summary>Selects the elements with <paramref name="ids"/>.</summary>
    public ValueTask SelectAsync(IReadOnlyList<string> ids) => Call("select", ids);

    /// <summary>Highlights the elements with <paramref name="ids"/>, for example those a problem names.</summary>
    public ValueTask HighlightAsync(IReadOnlyList<string> ids) => Call("highlight", ids);

    /// <summary>Removes every highlight.</summary>
    public ValueTask ClearHighlightsAsync() => Call("clearHighlights");

    /// <summary>Starts a browser download of the board as SVG.</summary>
    public ValueTask DownloadSvgAsync(string fileName) => Call("downloadSvg", fileName);

    /// <summary>Starts a browser download of the board as PNG.</summary>
    public ValueTask DownloadPngAsync(string fileName) => Call("downloadPng", fileName);

    /// <summary>Opens another board of the room in the mounted view.</summary>
    public ValueTask SwitchBoardAsync(Guid boardId) => Call("switchBoard", boardId);

    /// <summary>Returns the view of the board: the board point at the top-left corner and the zoom.</summary>
    public async Task<BoardViewport?> GetViewportAsync() =>
        _handle is null ? null : await _handle.InvokeAsync<BoardViewport>("getViewport");

    /// <summary>Shows <paramref name="viewport"/> of the current board.</summary>
    public ValueTask SetViewportAsync(BoardViewport viewport) => Call("setViewport", viewport);

    /// <summary>Passes the room's facilitation state, from which the board draws the voting round.</summary>
    public ValueTask SetFacilitationAsync(FacilitationView view) => Call("setFacilitation", view);

    /// <summary>Joins again with <paramref name="token"/>, after this person claimed the room's facilitation.</summary>
    public ValueTask SetFacilitatorTokenAsync(string token) => Call("setFacilitatorToken", token);

    /// <summary>Returns the board as SVG text, as the SVG export downloads it; null when the board is not mounted.</summary>
    public async Task<string?> ExportSvgAsync() => _handle is null ? null : await _handle.InvokeAsync<string>("exportSvg");

    /// <summary>Called by the module when the selection changes.</summary>
    [JSInvokable]
    public Task OnSelectionChanged(BoardElement[] elements) => listener.OnSelectionChangedAsync(WithProps(elements));

    // For several selected elements the module sends ids and types, and at most the colour, to keep the message
    // small. An element without props gets an empty dictionary, so readers need no null checks.
    private static BoardElement[] WithProps(BoardElement[] elements) =>
        [.. elements.Select(e => e.Props is null ? e with { Props = new Dictionary<string, JsonElement>() } : e)];

    /// <summary>Called by the module when its connection state or pending count changes.</summary>
    [JSInvokable]
    public Task OnConnectionChanged(string state, int pendingCount) => listener.OnConnectionChangedAsync(state, pendingCount);

    /// <summary>Called by the module when the room's presence changes.</summary>
    [JSInvokable]
    public Task OnPresenceChanged(Participant[] participants, string selfId) => listener.OnPresenceChangedAsync(participants, selfId);

    /// <summary>Called by the module when someone in the room launched a run.</summary>
    [JSInvokable]
    public Task OnRunLaunched(RoomRunNotice notice) => listener.OnRunLaunchedAsync(notice);

    /// <summary>Called by the module when the server skipped edits because of concurrent edits.</summary>
    [JSInvokable]
    public Task OnConflicts(OperationConflict[] conflicts) => listener.OnConflictsAsync(conflicts);

    /// <summary>Called by the module when the server rejected an edit.</summary>
    [JSInvokable]
    public Task OnRejected(string message) => listener.OnRejectedAsync(message);

    /// <summary>Called by the module when a board was added to the room.</summary>
    [JSInvokable]
    public Task OnBoardsChanged() => listener.OnBoardsChangedAsync();

    /// <summary>Called by the module after any applied operation.</summary>
    [JSInvokable]
    public Task OnBoardChanged(long version) => listener.OnBoardChangedAsync(version);

    /// <summary>Called by the module when this person's votes change, or with null when no round is open.</summary>
    [JSInvokable]
    public Task OnMyVotesChanged(MyVotes? votes) => listener.OnMyVotesChangedAsync(votes);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_handle is not null)
            {
                await _handle.InvokeVoidAsync("dispose");
                await _handle.DisposeAsync();
            }

            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser released the module and its board with it.
        }
        finally
        {
            _handle = null;
            _module = null;
            _self?.Dispose();
            _self = null;
        }
    }

    private ValueTask Call(string method, params object?[] args) =>
        _handle is null ? ValueTask.CompletedTask : _handle.InvokeVoidAsync(method, args);
}
