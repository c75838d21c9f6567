using System.Text;
using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Api;

/// <summary>Body of <c>POST /api/rooms</c>; both fields are optional.</summary>
/// <param name="Name">Room name; "Untitled room" when empty.</param>
/// <param name="Template">Template key of the first board, for example <c>hospitals</c>; an empty board when null.</param>
public sealed record CreateRoomRequest(string? Name = null, string? Template = null);

/// <summary>Answer of <c>POST /api/rooms</c>.</summary>
/// <param name="Link">Absolute URL of the room page, to share.</param>
/// <param name="FacilitatorUrl">
/// App-relative facilitator link, <c>/rooms/{code}#facilitate={token}</c>. Returned only here, because the server
/// keeps only the token's hash; keep it private.
/// </param>
public sealed record CreateRoomResponse(string Code, string Link, Guid RoomId, Guid BoardId, string FacilitatorUrl);

/// <summary>Body of <c>POST /api/rooms/{code}/boards/{boardId}/simulate</c>.</summary>
/// <param name="LaunchedBy">Display name shown to the room as the launcher; "Someone" when empty.</param>
public sealed record SimulateRequest(string? LaunchedBy = null);

/// <summary>Answer of a successful simulate request.</summary>
public sealed record SimulateResponse(Guid RunId);

/// <summary>Handlers of the room and board endpoints under <c>/api/rooms</c>; <see cref="FedWorkbenchEndpoints"/> maps them.</summary>
internal static class BoardEndpoints
{
    // Largest body of the small JSON requests (create room, simulate).
    private const int MaxSmallBodyBytes = 16 * 1024;

    /// <summary>Maps the room and board endpoints with a 405 problem for other methods.</summary>
    public static void Map(RouteGroupBuilder api, Action<RouteGroupBuilder, string, string> mapMethodNotAllowed)
    {
        api.MapPost("/rooms", CreateRoomAsync).WithName("CreateRoom")
            .AddEndpointFilter(CrossSiteRequestFilter.RejectCrossSiteAsync);
        api.MapGet("/rooms/{code}/boards", ListBoardsAsync).WithName("ListBoards");
        api.MapPost("/rooms/{code}/boards", ImportBoardAsync).WithName("ImportBoard")
            .AddEndpointFilter(CrossSiteRequestFilter.RejectCrossSiteAsync);
        api.MapGet("/rooms/{code}/boards/{boardId:guid}", ExportBoardAsync).WithName("ExportBoard");
        api.MapPost("/rooms/{code}/boards/{boardId:guid}/simulate", SimulateAsync).WithName("SimulateBoard")
            .AddEndpointFilter(CrossSiteRequestFilter.RejectCrossSiteAsync);

        api.MapGet("/rooms/{code}/facilitation", GetFacilitationAsync).WithName("GetFacilitation");
        api.MapGet("/rooms/{code}/summary", GetSummaryAsync).WithName("GetSessionSummary");

        mapMethodNotAllowed(api, "/rooms", "POST");
        mapMethodNotAllowed(api, "/rooms/{code}/facilitation", "GET");
        mapMethodNotAllowed(api, "/rooms/{code}/summary", "GET");
        mapMethodNotAllowed(api, "/rooms/{code}/boards", "GET, POST");
        mapMethodNotAllowed(api, "/rooms/{code}/boards/{boardId:guid}", "GET");
        mapMethodNotAllowed(api, "/rooms/{code}/boards/{boardId:guid}/simulate", "POST");

        FacilitationEndpoints.Map(api, mapMethodNotAllowed);
    }

    /// <summary>Creates a room with one board; 201 with the code and the share link, or 400 naming the bad field.</summary>
    public static async Task<IResult> CreateRoomAsync(
        HttpRequest request, IRoomService rooms, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        (CreateRoomRequest? body, IResult? error) = await ReadSmallJsonAsync<CreateRoomRequest>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        CreatedRoom created;
        try
        {
            created = await rooms.CreateRoomAsync(body?.Name, body?.Template, cancellationToken);
        }
        catch (BoardException ex)
        {
            BoardLog.RequestRejected(loggerFactory.CreateLogger(typeof(BoardEndpoints)), request.Method, request.Path, ex.Message);
            return BadRequest("The room was not created.", ex.Message);
        }

        RoomInfo room = created.Room;
        IReadOnlyList<BoardInfo> boards = await rooms.ListBoardsAsync(room.Id, cancellationToken);
        string link = $"{request.Scheme}://{request.Host}{request.PathBase}/rooms/{room.Code}";
        string facilitatorUrl = request.PathBase + FacilitatorToken.LinkPath(room.Code, created.FacilitatorToken);
        return TypedResults.Created(link, new CreateRoomResponse(room.Code, link, room.Id, boards[0].Id, facilitatorUrl));
    }

    /// <summary>Returns the room's public facilitation state (agenda, countdown, vote, pinned run, locks); 404 for an unknown room.</summary>
    public static async Task<IResult> GetFacilitationAsync(
        string code, IRoomService rooms, IFacilitationService facilitation, CancellationToken cancellationToken)
    {
        RoomInfo? room = await rooms.FindRoomAsync(code, cancellationToken);
        FacilitationView? view = room is null ? null : await facilitation.GetAsync(room.Id, cancellationToken);
        return view is null ? RoomNotFound(code) : TypedResults.Ok(view);
    }

    /// <summary>
    /// Returns the room's session summary without the board image, as Markdown (<c>format=markdown</c>, the default)
    /// or HTML (<c>format=html</c>); 400 for another format, 404 for an unknown room.
    /// </summary>
    public static async Task<IResult> GetSummaryAsync(
        string code, string? format, IRoomService rooms, SessionSummaryBuilder builder, CancellationToken cancellationToken)
    {
        bool html = string.Equals(format, "html", StringComparison.OrdinalIgnoreCase);
        if (!html && !string.IsNullOrEmpty(format) && !string.Equals(format, "markdown", StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest("The summary was not made.", $"The format '{(format.Length > 20 ? format[..20] + "…" : format)}' is unknown; use markdown or html.");
        }

        RoomInfo? room = await rooms.FindRoomAsync(code, cancellationToken);
        SessionSummary? summary = room is null ? null : await builder.BuildAsync(room.Id, boardSvg: null, cancellationToken);
        if (summary is null)
        {
            return RoomNotFound(code);
        }

        return html
            ? TypedResults.Text(SessionSummaryRenderer.ToHtml(summary), "text/html; charset=utf-8")
            : TypedResults.Text(SessionSummaryRenderer.ToMarkdown(summary), "text/markdown; charset=utf-8");
    }

    /// <summary>Lists the room's boards, oldest first; 404 for an unknown room.</summary>
    public static async Task<IResult> ListBoardsAsync(string code, IRoomService rooms, CancellationToken cancellationToken)
    {
        RoomInfo? room = await rooms.FindRoomAsync(code, cancellationToken);
        return room is null ? RoomNotFound(code) : TypedResults.Ok(await rooms.ListBoardsAsync(room.Id, cancellationToken));
    }

    /// <summary>Returns the board as its export file; 404 for an unknown room or board.</summary>
    public static async Task<IResult> ExportBoardAsync(string code, Guid boardId, IRoomService rooms, CancellationToken cancellationToken)
    {
        RoomInfo? room = await rooms.FindRoomAsync(code, cancellationToken);
        if (room is null)
        {
            return RoomNotFound(code);
        }

        BoardDocument? document = await rooms.ExportBoardAsync(room.Id, boardId, cancellationToken);
        return document is null ? BoardNotFound(code, boardId) : TypedResults.Ok(document);
    }

    /// <summary>
    /// Imports a board file as a new board: 201 with the board, 400 naming the problem (nothing saved), 413 for a
    /// body over <see cref="BoardOptions.MaxImportBytes"/>, 415 for a body that is not JSON, 404 for an unknown room.
    /// </summary>
    public static async Task<IResult> ImportBoardAsync(
        string code, HttpRequest request, IRoomService rooms, IOptions<BoardOptions> options, CancellationToken cancellationToken)
    {
        RoomInfo? room = await rooms.FindRoomAsync(code, cancellationToken);
        if (room is null)
        {
            return RoomNotFound(code);
        }

        if (!request.HasJsonContentType())
        {
            return UnsupportedMediaType(request);
        }

        int maxBytes = options.Value.MaxImportBytes;
        if (request.ContentLength > maxBytes)
        {
            return TooLarge($"The board file is {request.ContentLength:N0} bytes; the import limit is {maxBytes:N0} bytes. Remove elements or split the board.");
        }

        string? json = await ReadBodyAsync(request, maxBytes, cancellationToken);
        if (json is null)
        {
            return TooLarge($"The board file is larger than the import limit of {maxBytes:N0} bytes. Remove elements or split the board.");
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            return BadRequest("The board was not imported.", "The request body is empty. Send a board file as exported by GET /api/rooms/{code}/boards/{boardId}.");
        }

        try
        {
            BoardInfo board = await rooms.ImportBoardAsync(room.Id, json, cancellationToken);
            return TypedResults.Created($"/api/rooms/{room.Code}/boards/{board.Id}", board);
        }
        catch (BoardException ex)
        {
            return BadRequest("The board was not imported.", ex.Message);
        }
    }

    /// <summary>
    /// Compiles the board and queues a run: 202 with the run id, 422 with <c>problems</c> when the board cannot be
    /// simulated, 404 for an unknown room or board, 503 when the run queue is full.
    /// </summary>
    public static async Task<IResult> SimulateAsync(
        string code,
        Guid boardId,
        HttpRequest request,
        IRoomService rooms,
        IBoardSimulator simulator,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        RoomInfo? room = await rooms.FindRoomAsync(code, cancellationToken);
        if (room is null)
        {
            return RoomNotFound(code);
        }

        (SimulateRequest? body, IResult? error) = await ReadSmallJsonAsync<SimulateRequest>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        IReadOnlyList<BoardInfo> boards = await rooms.ListBoardsAsync(room.Id, cancellationToken);
        if (!boards.Any(b => b.Id == boardId))
        {
            return BoardNotFound(code, boardId);
        }

        string launcher;
        try
        {
            launcher = BoardSimulator.CheckLauncher(body?.LaunchedBy);
        }
        catch (BoardException ex)
        {
            BoardLog.RequestRejected(loggerFactory.CreateLogger(typeof(BoardEndpoints)), request.Method, request.Path, ex.Message);
            return BadRequest("The board was not simulated.", ex.Message);
        }

        SimulateResult result;
        try
        {
            result = await simulator.SimulateAsync(room.Id, boardId, launcher, cancellationToken);
        }
        catch (BoardException ex) when (ex.InnerException?.InnerException is Runs.RunLimitException limit)
        {
            // An instance limit: 422 for the configuration, 409 for a busy room, 429 for too many launches.
            if (limit.RetryAfter is { } retryAfter)
            {
                request.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return TypedResults.Problem(statusCode: limit.StatusCode, title: "The run was not queued.", detail: ex.Message);
        }
        catch (BoardException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The run was not queued.", detail: ex.Message);
        }

        if (result.RunId is not Guid runId)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The board cannot be simulated.",
                detail: string.Join(" ", result.Problems.Select(p => p.Message)),
                extensions: new Dictionary<string, object?> { ["problems"] = result.Problems });
        }

        return TypedResults.Accepted($"/api/runs/{runId}", new SimulateResponse(runId));
    }

    private static async Task<(T? Body, IResult? Error)> ReadSmallJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null))
        {
            return (null, null);
        }

        if (!request.HasJsonContentType())
        {
            return (null, UnsupportedMediaType(request));
        }

        string? json = await ReadBodyAsync(request, MaxSmallBodyBytes, cancellationToken);
        if (json is null)
        {
            return (null, TooLarge($"The request body is larger than {MaxSmallBodyBytes:N0} bytes."));
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, null);
        }

        try
        {
            return (JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web), null);
        }
        catch (JsonException ex)
        {
            return (null, BadRequest("The request body is invalid.", $"The body is not valid JSON for this request at {ex.Path ?? "$"}: {ex.Message}"));
        }
    }

    /// <summary>Reads the body as UTF-8 text without a byte order mark; null when it is longer than <paramref name="maxBytes"/>.</summary>
    internal static async Task<string?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        while (true)
        {
            int read = await request.Body.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return null;
            }
        }

        ReadOnlySpan<byte> body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[Encoding.UTF8.Preamble.Length..];
        }

        return Encoding.UTF8.GetString(body);
    }

    private static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.", detail: detail);

    internal static ProblemHttpResult UnsupportedMediaType(HttpRequest request) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "The body must be sent as JSON.",
        detail: $"The request's Content-Type is '{request.ContentType ?? "missing"}'; send the body with Content-Type: application/json.");

    internal static ProblemHttpResult RoomNotFound(string code) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "The room was not found.",
        detail: $"No room has the code '{(code.Length > 40 ? code[..40] + "…" : code)}'. Check the link, or create a room with POST /api/rooms.");

    private static ProblemHttpResult BoardNotFound(string code, Guid boardId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "The board was not found.",
        detail: $"Room '{code}' has no board with the id {boardId}. List its boards with GET /api/rooms/{code}/boards.");
}
